//! The run DP: which runs of units to repair, given what each unit's repair saves. The
//! reference is `best_runs` in `src/textfix/recode/search.py`.

/// A repair must save this many bits (a likelihood ratio of 2^12) per repaired run.
pub const MARGIN: f64 = 12.0;

/// The runs of units `[i, j)` whose repair maximises the total gain less [`MARGIN`] per run;
/// `None` is a unit no run may hold. Two states per unit: outside a run, or inside one (with
/// the index where it started).
pub fn best_runs(gains: &[Option<f64>]) -> Vec<(usize, usize)> {
    let (mut outside, mut inside, mut inside_start) = (0.0_f64, f64::NEG_INFINITY, 0_usize);
    // Outside after unit i: was unit i inside a run? Inside after unit i: where its run started.
    let mut came_from_inside = Vec::with_capacity(gains.len());
    let mut run_start = Vec::with_capacity(gains.len());
    for (index, gain) in gains.iter().enumerate() {
        came_from_inside.push(inside > outside);
        // As Python's max(outside, inside): the first where they are equal.
        let next_outside = if inside > outside { inside } else { outside };
        match gain {
            None => (inside, inside_start) = (f64::NEG_INFINITY, index),
            // Continuing the run beats starting a new one.
            Some(gain) if inside >= outside - MARGIN => inside += gain,
            Some(gain) => (inside, inside_start) = (outside - MARGIN + gain, index),
        }
        outside = next_outside;
        run_start.push(inside_start);
    }
    let mut runs = Vec::new();
    let (mut end, mut in_run) = (gains.len(), inside > outside);
    while end > 0 {
        if in_run {
            let start = run_start.get(end - 1).copied().unwrap_or(0);
            runs.push((start, end));
            (end, in_run) = (start, false);
        } else {
            in_run = came_from_inside.get(end - 1).copied().unwrap_or(false);
            end -= 1;
        }
    }
    runs.reverse();
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_must_save_more_than_the_margin() {
        assert_eq!(best_runs(&[Some(5.0), Some(5.0), Some(5.0)]), vec![(0, 3)]);
        assert!(best_runs(&[Some(5.0), Some(5.0)]).is_empty());
        assert!(best_runs(&[]).is_empty());
    }

    #[test]
    fn no_run_crosses_a_unit_without_a_reading() {
        let gains = [Some(20.0), None, Some(20.0), Some(-1.0)];
        assert_eq!(best_runs(&gains), vec![(0, 1), (2, 3)]);
    }

    #[test]
    fn clean_units_between_two_garbled_stretches_are_left_out() {
        let gains = [Some(30.0), Some(-20.0), Some(30.0)];
        assert_eq!(best_runs(&gains), vec![(0, 1), (2, 3)]);
        let cheap = [Some(30.0), Some(-5.0), Some(30.0)];
        assert_eq!(best_runs(&cheap), vec![(0, 3)]);
    }
}
