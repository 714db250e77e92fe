//! `textfix._core`: the thin binding of `textfix-core`. Strings cross as code points (a lone
//! surrogate is one, as in Python), errors are mapped once here, the GIL is released while the
//! core works, and nothing calls back into Python.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::collections::HashMap;
use std::sync::OnceLock;
use textfix_core::codecs::{True, Wrong};
use textfix_core::dismiss::{self, Chains};
use textfix_core::han::{self, Chain, Tables};
use textfix_core::sources::{self, Bits, Choice, ClassicalPairs, Costs, Judge, Keys, Source};
use textfix_core::whole::{self, ChainName, Limits, Whole};
use textfix_core::{
    accept, quiet, runs, scan, score, script_marks, settle, units, Model, ModelError,
};

/// The model file, built in: the Python side checks that its own copy has the same digest
/// (`textfix._kernels`), so the two implementations always read one model.
const MODEL_FILE: &[u8] = include_bytes!("../../../src/textfix/data/model.bin");
static MODEL: OnceLock<Result<Model, ModelError>> = OnceLock::new();

/// The model, parsed on first use. Its digest is not computed again here: textfix-core's
/// tests check the file this embeds.
fn model() -> PyResult<&'static Model> {
    MODEL
        .get_or_init(|| Model::parse_trusted(MODEL_FILE))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("textfix._core's model: {e}")))
}

/// Each Big5/GBK chain's table of every BMP character, made on first use.
static HAN_TABLES: [OnceLock<Tables>; 2] = [OnceLock::new(), OnceLock::new()];

/// The chain a `recode.Chain` names, with its table; a ValueError for a chain the model holds
/// no readings for.
fn han_chain(chain: &Bound<'_, PyAny>) -> PyResult<&'static Tables> {
    let model = model()?;
    let wrong: String = chain.getattr("wrong")?.extract()?;
    let true_codec: String = chain.getattr("true")?.extract()?;
    let named = Chain::named(&wrong, &true_codec).ok_or_else(|| {
        PyValueError::new_err(format!(
            "no Big5/GBK readings for {true_codec} read as {wrong}"
        ))
    })?;
    let slot = match named {
        Chain::Big5AsGbk => &HAN_TABLES[0],
        Chain::GbkAsBig5 => &HAN_TABLES[1],
    };
    Ok(slot.get_or_init(|| Tables::new(model, named)))
}

/// The code points of a Python string, lone surrogates included.
fn code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    if let Ok(text) = text.to_str() {
        return Ok(text.chars().map(u32::from).collect());
    }
    // Only a string with a lone surrogate has no UTF-8: its UTF-32 keeps every code point.
    let data = text
        .call_method1("encode", ("utf-32-le", "surrogatepass"))?
        .extract::<Vec<u8>>()?;
    Ok(data
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// The code points of a whole document. Python's UTF-32 encoder copies a string's characters
/// out at memory speed (10 µs for 32 KB of Chinese), where `to_str` first has CPython build and
/// keep a UTF-8 copy of a fresh string and the decode to code points comes after it (80 µs in
/// all). Its Python call costs more than `to_str` on a short string: for one call per document.
fn document_code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    let encoded = text
        .call_method1(intern!(text.py(), "encode"), ("utf-32-le", "surrogatepass"))?
        .downcast_into::<PyBytes>()?;
    Ok(encoded
        .as_bytes()
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

#[pyfunction]
fn char_costs(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<f64>> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::char_costs(model, &codes)))
}

#[pyfunction]
fn suspect_positions(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    threshold: f64,
) -> PyResult<Vec<usize>> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::suspect_positions(model, &codes, threshold)))
}

#[pyfunction]
fn cost(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<f64> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::cost(model, &codes)))
}

#[pyfunction]
fn cost_in_words(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<f64> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::cost_in_words(model, &codes)))
}

#[pyfunction]
fn costs_in_words(py: Python<'_>, texts: Vec<Bound<'_, PyString>>) -> PyResult<Vec<f64>> {
    let model = model()?;
    let texts = texts
        .iter()
        .map(code_points)
        .collect::<PyResult<Vec<_>>>()?;
    Ok(py.allow_threads(|| {
        texts
            .iter()
            .map(|text| score::cost_in_words(model, text))
            .collect()
    }))
}

#[pyfunction]
fn neighbours(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<f64>> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::neighbours(model, &codes)))
}

#[pyfunction]
fn word_bonus(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<f64> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::word_bonus(model, &codes)))
}

#[pyfunction]
fn worst(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<f64> {
    let (model, codes) = (model()?, code_points(text)?);
    Ok(py.allow_threads(|| score::worst(model, &codes)))
}

/// A Python string of code points (a lone surrogate passes through UTF-32, as it came in).
fn py_string<'py>(py: Python<'py>, codes: &[u32]) -> PyResult<Bound<'py, PyString>> {
    if let Some(text) = codes
        .iter()
        .map(|&c| char::from_u32(c))
        .collect::<Option<String>>()
    {
        return Ok(PyString::new(py, &text));
    }
    let data: Vec<u8> = codes.iter().flat_map(|c| c.to_le_bytes()).collect();
    PyBytes::new(py, &data)
        .call_method1("decode", ("utf-32-le", "surrogatepass"))?
        .downcast_into::<PyString>()
        .map_err(Into::into)
}

type PyUnits<'py> = (
    Vec<(usize, usize)>,
    Vec<Option<(Bound<'py, PyString>, bool)>>,
    Vec<Option<f64>>,
);

/// The windows of `text` that `recode.repair_runs` searches through the chain `wrong` ->
/// `true`, each as (spans, readings, gains), the gains with the pairs credited; None for a
/// chain the core does not search.
#[pyfunction]
fn unit_gains<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    wrong: &str,
    r#true: &str,
    guess: bool,
) -> PyResult<Option<Vec<PyUnits<'py>>>> {
    let (Some(wrong), Some(codec)) = (Wrong::named(wrong), True::named(r#true)) else {
        return Ok(None);
    };
    let (model, codes) = (model()?, code_points(text)?);
    let Some(found) = py.allow_threads(|| units::unit_gains(model, &codes, wrong, codec, guess))
    else {
        return Ok(None);
    };
    let mut windows = Vec::with_capacity(found.len());
    for units in found {
        let readings = units
            .readings
            .iter()
            .map(|reading| match reading {
                None => Ok(None),
                Some((read, full)) => Ok(Some((py_string(py, read)?, *full))),
            })
            .collect::<PyResult<Vec<_>>>()?;
        windows.push((units.spans, readings, units.gains));
    }
    Ok(Some(windows))
}

/// `text` encoded alone by the wrong codec of a chain, as the core does; None where it cannot
/// be (for the tests that prove the tables equal to Python's codecs).
#[pyfunction]
fn encode_each(wrong: &str, texts: Vec<Bound<'_, PyString>>) -> PyResult<Vec<Option<Vec<u8>>>> {
    let model = model()?;
    let wrong =
        Wrong::named(wrong).ok_or_else(|| PyValueError::new_err("no such codec in the core"))?;
    texts
        .iter()
        .map(|text| {
            let mut out = Vec::new();
            let written = code_points(text)?
                .into_iter()
                .all(|code| model.codecs.encode(wrong, code, &mut out));
            Ok(written.then_some(out))
        })
        .collect()
}

/// Each of `datas` decoded strictly by the true codec of a chain, as the core does; None where
/// it cannot be.
#[pyfunction]
fn decode_each<'py>(
    py: Python<'py>,
    codec: &str,
    datas: Vec<Vec<u8>>,
) -> PyResult<Vec<Option<Bound<'py, PyString>>>> {
    let model = model()?;
    let codec =
        True::named(codec).ok_or_else(|| PyValueError::new_err("no such codec in the core"))?;
    datas
        .iter()
        .map(|data| match model.codecs.decode(codec, data) {
            Some(codes) => py_string(py, &codes).map(Some),
            None => Ok(None),
        })
        .collect()
}

/// `text.encode("gb18030" or "cp950", "replace")` as the core's prefilter does.
#[pyfunction]
fn encode_replacing<'py>(
    py: Python<'py>,
    gb18030: bool,
    text: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (model, codes) = (model()?, code_points(text)?);
    let (data, _) = model.codecs.encode_replacing(gb18030, &codes);
    Ok(PyBytes::new(py, &data))
}

/// What `scan` returns to Python.
type Found = (Option<usize>, u32, Vec<(usize, usize)>);

/// (where the pipeline's scan stops or None, the layers with a trigger from there, the mojibake
/// layer's triggered lines as (start, end)): see `textfix_core::scan` for the options.
#[pyfunction]
#[pyo3(name = "scan")]
fn scan_text(py: Python<'_>, text: &Bound<'_, PyString>, options: u32) -> PyResult<Found> {
    let (model, codes) = (model()?, document_code_points(text)?);
    let found = py.allow_threads(|| scan::scan(model, &codes, options));
    Ok((found.stop, found.layers, found.lines))
}

/// What `script_marks` returns: see there.
type ScriptMarks = (bool, (usize, usize, usize), Vec<(usize, usize)>);

/// (whether the text holds hiragana, how many characters each traditional standard's
/// configuration would rewrite, the lines holding a regional form): see
/// `textfix_core::script_marks`.
#[pyfunction]
#[pyo3(name = "script_marks")]
fn script_marks_of(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<ScriptMarks> {
    let (model, codes) = (model()?, document_code_points(text)?);
    let found = py.allow_threads(|| script_marks::marks(model, &codes));
    let [tw, hk, opencc] = found.rewrites;
    Ok((found.hiragana, (tw, hk, opencc), found.regional_lines))
}

/// `scan` and `script_marks` of one text, read once: what the pipeline asks of a text it will
/// convert before it repairs it (the text's code points cost as much as either pass).
#[pyfunction]
fn scan_and_script_marks(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    options: u32,
) -> PyResult<(Found, ScriptMarks)> {
    let (model, codes) = (model()?, document_code_points(text)?);
    let (found, marks) = py.allow_threads(|| {
        (
            scan::scan(model, &codes, options),
            script_marks::marks(model, &codes),
        )
    });
    let [tw, hk, opencc] = marks.rewrites;
    Ok((
        (found.stop, found.layers, found.lines),
        (marks.hiragana, (tw, hk, opencc), marks.regional_lines),
    ))
}

/// The Unicode version of the Python that derived the model: the scan's classes (NFC_MAYBE
/// among them) are that Python's `unicodedata`'s.
#[pyfunction]
fn unicode_version() -> PyResult<String> {
    Ok(model()?.unicode.clone())
}

/// What each character of a line saves through a Big5/GBK chain, its pairs credited (None
/// where it has no reading); None where no run of the line can save the margin.
#[pyfunction]
fn han_gains(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    chain: &Bound<'_, PyAny>,
) -> PyResult<Option<Vec<Option<f64>>>> {
    let (model, tables, codes) = (model()?, han_chain(chain)?, code_points(text)?);
    Ok(py.allow_threads(|| han::han_gains(model, tables, &codes)))
}

/// False where all of a text read through a Big5/GBK chain cannot save the margin.
#[pyfunction]
fn whole_could_save(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    chain: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let (tables, codes) = (han_chain(chain)?, code_points(text)?);
    Ok(py.allow_threads(|| han::whole_could_save(tables, &codes)))
}

/// The runs of units whose repair maximises the total gain less the margin per run.
#[pyfunction]
fn best_runs(py: Python<'_>, gains: Vec<Option<f64>>) -> Vec<(usize, usize)> {
    py.allow_threads(|| runs::best_runs(&gains))
}

type PyReadings<'py> = (Vec<Option<(Bound<'py, PyString>, f64)>>, Vec<usize>);

/// `text` read whole through each of `chains` ((wrong, true, times) as `recode.Chain` names
/// them), as `recode.repair_whole` reads it: each chain's (reading, gain) or None, and the
/// indices of the chains the core holds no codec for (their entries are None; the reference
/// reads them).
#[pyfunction]
fn repair_whole_each<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    chains: Vec<(String, String, i64)>,
    rarest: f64,
    average: f64,
    margin: f64,
) -> PyResult<PyReadings<'py>> {
    let (model, codes) = (model()?, code_points(text)?);
    let chains: Vec<ChainName> = chains
        .into_iter()
        .map(|(wrong, true_codec, times)| ChainName {
            wrong,
            true_codec,
            times,
        })
        .collect();
    let limits = Limits { average, margin };
    let found =
        py.allow_threads(|| whole::repair_whole_each(model, &codes, &chains, rarest, limits));
    let mut readings = Vec::with_capacity(found.len());
    let mut not_handled = Vec::new();
    for (index, reading) in found.into_iter().enumerate() {
        readings.push(match reading {
            Whole::Found(after, gain) => Some((py_string(py, &after)?, gain)),
            Whole::Nothing => None,
            Whole::NotHandled => {
                not_handled.push(index);
                None
            }
        });
    }
    Ok((readings, not_handled))
}

/// (wrong, true, times) as `recode.Chain` names them, as the core names them.
fn chain_names(chains: Vec<(String, String, i64)>) -> Vec<ChainName> {
    chains
        .into_iter()
        .map(|(wrong, true_codec, times)| ChainName {
            wrong,
            true_codec,
            times,
        })
        .collect()
}

type PyChainNames = Vec<(String, String, i64)>;

/// For each line of `text` at `spans`, whether no chain reads anything in it
/// (`runs.reads_nothing` with every chain): the chains by what is asked of each, as
/// (wrong, true, times), the Big5/GBK ones as `recode.Chain`s.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn reads_nothing_each(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    spans: Vec<(usize, usize)>,
    whole: PyChainNames,
    pages: PyChainNames,
    single: PyChainNames,
    from_utf8: PyChainNames,
    han: Vec<Bound<'_, PyAny>>,
    limits: (f64, f64, f64, usize),
    guess: bool,
) -> PyResult<Vec<bool>> {
    let (model, codes) = (model()?, document_code_points(text)?);
    let chains = PyChains::new(whole, pages, single, from_utf8, han, limits, guess)?;
    Ok(py.allow_threads(|| dismiss::reads_nothing_each(model, &codes, &spans, &chains.chains())))
}

/// Repairs as (start, end, after, gain).
type PyRepairs<'py> = Vec<(usize, usize, Bound<'py, PyString>, f64)>;

/// The repairs `recode.repair_runs` keeps of a text, for a chain from GBK or Big5 into UTF-8,
/// between Big5 and GBK or from a Western code page, as (start, end, after, gain); None for
/// another chain.
#[pyfunction]
fn kept_runs<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    chain: &Bound<'py, PyAny>,
    guess: bool,
) -> PyResult<Option<PyRepairs<'py>>> {
    Ok(kept_runs_each(py, text, vec![chain.clone()], guess)?
        .pop()
        .flatten())
}

/// `kept_runs` of one text for each of `chains`, in one call: a line's Western stretches ask
/// every single-byte chain in turn, and a call each was most of the time of a line of short
/// stretches.
#[pyfunction]
fn kept_runs_each<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    chains: Vec<Bound<'py, PyAny>>,
    guess: bool,
) -> PyResult<Vec<Option<PyRepairs<'py>>>> {
    enum Asked {
        Han(&'static Tables),
        Units(Wrong, True),
        Other,
    }
    let (model, codes) = (model()?, code_points(text)?);
    let asked = chains
        .iter()
        .map(|chain| {
            let wrong: String = chain.getattr("wrong")?.extract()?;
            let true_codec: String = chain.getattr("true")?.extract()?;
            if Chain::named(&wrong, &true_codec).is_some() {
                return Ok(Asked::Han(han_chain(chain)?));
            }
            Ok(match (Wrong::named(&wrong), True::named(&true_codec)) {
                (Some(wrong), Some(codec)) => Asked::Units(wrong, codec),
                _ => Asked::Other,
            })
        })
        .collect::<PyResult<Vec<Asked>>>()?;
    let found: Vec<Option<Vec<accept::Repair>>> = py.allow_threads(|| {
        asked
            .iter()
            .map(|asked| match asked {
                Asked::Han(tables) => Some(accept::han_repairs(model, tables, &codes)),
                Asked::Units(wrong, codec) => {
                    accept::unit_repairs(model, &codes, *wrong, *codec, guess)
                }
                Asked::Other => None,
            })
            .collect()
    });
    found
        .into_iter()
        .map(|repairs| {
            repairs
                .map(|repairs| {
                    repairs
                        .into_iter()
                        .map(|r| Ok((r.start, r.end, py_string(py, &r.after)?, r.gain)))
                        .collect()
                })
                .transpose()
        })
        .collect()
}

/// The chains of `reads_nothing_each`, as the binding takes them.
struct PyChains {
    whole: Vec<ChainName>,
    pages: Vec<ChainName>,
    single: Vec<ChainName>,
    from_utf8: Vec<ChainName>,
    han: Vec<&'static Tables>,
    limits: (f64, f64, f64, usize),
    guess: bool,
}

impl PyChains {
    #[allow(clippy::too_many_arguments)]
    fn new(
        whole: PyChainNames,
        pages: PyChainNames,
        single: PyChainNames,
        from_utf8: PyChainNames,
        han: Vec<Bound<'_, PyAny>>,
        limits: (f64, f64, f64, usize),
        guess: bool,
    ) -> PyResult<PyChains> {
        Ok(PyChains {
            whole: chain_names(whole),
            pages: chain_names(pages),
            single: chain_names(single),
            from_utf8: chain_names(from_utf8),
            han: han.iter().map(han_chain).collect::<PyResult<Vec<_>>>()?,
            limits,
            guess,
        })
    }

    fn chains(&self) -> Chains<'_> {
        let (rarest, average, margin, short_text) = self.limits;
        Chains {
            whole: &self.whole,
            pages: &self.pages,
            single: &self.single,
            from_utf8: &self.from_utf8,
            han: &self.han,
            rarest,
            limits: Limits { average, margin },
            short_text,
            guess: self.guess,
        }
    }
}

/// For each line of `text` at `spans`, 2 where no chain's reading of it is taken and the
/// decisions leave it alone, 1 where only the first holds, 0 otherwise (`runs.settle_each`):
/// `reads_nothing_each`'s arguments.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn settle_each(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    spans: Vec<(usize, usize)>,
    whole: PyChainNames,
    pages: PyChainNames,
    single: PyChainNames,
    from_utf8: PyChainNames,
    han: Vec<Bound<'_, PyAny>>,
    limits: (f64, f64, f64, usize),
    guess: bool,
) -> PyResult<Vec<u8>> {
    let (model, codes) = (model()?, document_code_points(text)?);
    let chains = PyChains::new(whole, pages, single, from_utf8, han, limits, guess)?;
    Ok(py.allow_threads(|| settle::settle_each(model, &codes, &spans, &chains.chains())))
}

/// The core's test of the dismissed lines the rest of the mojibake layer leaves alone
/// (`layers.mojibake.quiet`): built once from ftfy's pattern as Rust's regex crate reads it,
/// the classes by name as (first, last) code points, the script of each character of the
/// alphabet range, and what a lone surrogate is read as by the pattern.
#[pyclass(frozen)]
struct Quiet {
    rules: quiet::Rules,
}

#[pymethods]
impl Quiet {
    #[new]
    fn new(
        pattern: &str,
        classes: HashMap<String, Vec<(u32, u32)>>,
        scripts: Vec<u32>,
        stand_in: u32,
    ) -> PyResult<Self> {
        let stand_in = char::from_u32(stand_in)
            .ok_or_else(|| PyValueError::new_err("the stand-in is no character"))?;
        let class = |name: &str| -> PyResult<quiet::Ranges> {
            classes
                .get(name)
                .map(|ranges| quiet::Ranges::new(ranges.clone()))
                .ok_or_else(|| PyValueError::new_err(format!("no class {name}")))
        };
        let alphabet = class("alphabet")?;
        let scripts_from = classes
            .get("alphabet")
            .and_then(|ranges| ranges.first())
            .map_or(0, |&(first, _)| first);
        let classes = quiet::Classes {
            cjk: class("cjk")?,
            c1: class("c1")?,
            utf8_lead: class("utf8_lead")?,
            continuation: class("continuation")?,
            page: class("page")?,
            upper: class("upper")?,
            left_marks: class("left_marks")?,
            cjk_pair: class("cjk_pair")?,
            clean_mark: class("clean_mark")?,
            alphabet,
            latin_extended: class("latin_extended")?,
            small: class("small")?,
        };
        let rules = quiet::Rules::new(pattern, classes, scripts_from, scripts, stand_in)
            .map_err(|e| PyValueError::new_err(format!("ftfy's pattern in Rust: {e}")))?;
        Ok(Quiet { rules })
    }

    /// For each line of `text` at `spans`, its `quiet_state` (as bytes: 0 loud, 1 quiet, 2 quiet
    /// but for the page, which it tells that ftfy went over it).
    fn each(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        spans: Vec<(usize, usize)>,
    ) -> PyResult<Vec<u8>> {
        let codes = document_code_points(text)?;
        Ok(py.allow_threads(|| quiet::quiet_each(&self.rules, &codes, &spans)))
    }

    /// Whether ftfy's pattern, as the core reads it, matches in `text`.
    fn bad(&self, text: &Bound<'_, PyString>) -> PyResult<bool> {
        Ok(quiet::bad(&self.rules, &code_points(text)?))
    }
}

/// The core's choice of the bytes a line was before ftfy (`layers.ftfy_choice.best_sources`):
/// built once from tables the Python side makes of its own codecs and judges, so that both read
/// the same numbers: each true codec's two-byte table, each judge's cost of every character a
/// reading makes, the classical pair bonuses and their key characters, and the named bits.
#[pyclass(frozen)]
struct SourceChooser {
    pairs: Vec<Vec<u32>>,
    judges: Vec<Judge>,
    classical_keys: Keys,
    classical_pairs: ClassicalPairs,
    bits: Bits,
}

/// A choice as Python gives it: (bytes, or the code point of the character kept; what the kept
/// character costs; how many characters it covers; its bits besides its reading's).
type PyChoice<'py> = (Bound<'py, PyAny>, f64, usize, f64);

/// The choices at each position of a line as one judge costs a kept character, converted once
/// and weighed by `SourceChooser.best` as often as a line's choices are refused in turn.
#[pyclass(frozen)]
struct LineChoices {
    choices: Vec<Vec<Choice>>,
}

#[pymethods]
impl LineChoices {
    #[new]
    fn new(choices: Vec<Vec<PyChoice<'_>>>) -> PyResult<Self> {
        let choices = choices
            .into_iter()
            .map(|here| {
                here.into_iter()
                    .map(|(data, bits, width, extra)| {
                        let source = match data.downcast::<PyBytes>() {
                            Ok(data) => Source::Bytes(data.as_bytes().to_vec()),
                            Err(_) => Source::Kept {
                                code: data.extract()?,
                                bits,
                            },
                        };
                        Ok(Choice {
                            source,
                            width,
                            extra,
                        })
                    })
                    .collect::<PyResult<Vec<Choice>>>()
            })
            .collect::<PyResult<Vec<Vec<Choice>>>>()?;
        Ok(LineChoices { choices })
    }
}

#[pymethods]
impl SourceChooser {
    /// The chooser of the true `codecs` (their two-byte tables `pairs_<codec>`, in the order
    /// `best` numbers them) for the `judges` (their names, whose costs are `choose_<name>`, and
    /// whether each adds the classical pair bonus), with the tables the model built into the
    /// core holds and the reference's `bits` (unreadable, the Latin-1 join, a trail byte by Han).
    #[new]
    fn new(
        codecs: Vec<String>,
        judges: Vec<(String, bool)>,
        bits: (f64, f64, f64),
    ) -> PyResult<Self> {
        let codecs: Vec<&str> = codecs.iter().map(String::as_str).collect();
        let judges: Vec<(&str, bool)> = judges
            .iter()
            .map(|(name, classical)| (name.as_str(), *classical))
            .collect();
        let tables = sources::Tables::from_trusted_model(MODEL_FILE, &codecs, &judges)
            .map_err(|e| PyValueError::new_err(format!("textfix._core's model: {e}")))?;
        let (unreadable, latin_han_join, trail_by_han) = bits;
        Ok(SourceChooser {
            pairs: tables.pairs,
            judges: tables.judges,
            classical_keys: tables.classical_keys,
            classical_pairs: tables.classical_pairs,
            bits: Bits {
                unreadable,
                latin_han_join,
                trail_by_han,
            },
        })
    }

    /// (the cost, the index of the choice taken at each position that begins a piece, -1
    /// elsewhere) of the cheapest reading of the line's `choices` in the true codec `codec` as
    /// judge `judge` costs it, with the `page`'s bits for each character read where a page is
    /// given, and each of `refused` (position, number of the choice there, bits) costing its
    /// bits more.
    #[pyo3(signature = (choices, codec, judge, page=None, refused=Vec::new()))]
    fn best(
        &self,
        py: Python<'_>,
        choices: PyRef<'_, LineChoices>,
        codec: usize,
        judge: usize,
        page: Option<PyRef<'_, PageBits>>,
        refused: Vec<sources::Refused>,
    ) -> PyResult<(f64, Vec<i64>)> {
        let (Some(pairs), Some(judge)) = (self.pairs.get(codec), self.judges.get(judge)) else {
            return Err(PyValueError::new_err("no such codec or judge"));
        };
        let costs = Costs {
            model: model()?,
            pairs,
            judge,
            classical_keys: &self.classical_keys,
            classical_pairs: &self.classical_pairs,
            bits: self.bits,
            page: page.as_ref().map(|page| page.bits.as_slice()),
        };
        let choices = &choices.choices;
        Ok(py.allow_threads(|| sources::best(choices, &refused, &costs)))
    }
}

/// A page's bits for each BMP character read (`layers.ftfy_page.Page.bits`), built once per page
/// for `SourceChooser.best`.
#[pyclass(frozen)]
struct PageBits {
    bits: Vec<f64>,
}

#[pymethods]
impl PageBits {
    #[new]
    fn new(bits: Vec<f64>) -> PyResult<Self> {
        if bits.len() != 0x10000 {
            return Err(PyValueError::new_err(
                "a page gives bits for 65,536 characters",
            ));
        }
        Ok(PageBits { bits })
    }
}

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let digest = &MODEL_FILE[MODEL_FILE.len().saturating_sub(32)..];
    m.add("MODEL_DIGEST", PyBytes::new(m.py(), digest))?;
    m.add_function(wrap_pyfunction!(char_costs, m)?)?;
    m.add_function(wrap_pyfunction!(script_marks_of, m)?)?;
    m.add_function(wrap_pyfunction!(cost, m)?)?;
    m.add_function(wrap_pyfunction!(cost_in_words, m)?)?;
    m.add_function(wrap_pyfunction!(costs_in_words, m)?)?;
    m.add_function(wrap_pyfunction!(neighbours, m)?)?;
    m.add_function(wrap_pyfunction!(word_bonus, m)?)?;
    m.add_function(wrap_pyfunction!(worst, m)?)?;
    m.add_function(wrap_pyfunction!(unit_gains, m)?)?;
    m.add_function(wrap_pyfunction!(encode_each, m)?)?;
    m.add_function(wrap_pyfunction!(decode_each, m)?)?;
    m.add_function(wrap_pyfunction!(encode_replacing, m)?)?;
    m.add_function(wrap_pyfunction!(scan_text, m)?)?;
    m.add_function(wrap_pyfunction!(scan_and_script_marks, m)?)?;
    m.add_function(wrap_pyfunction!(han_gains, m)?)?;
    m.add_function(wrap_pyfunction!(whole_could_save, m)?)?;
    m.add_function(wrap_pyfunction!(best_runs, m)?)?;
    m.add_function(wrap_pyfunction!(repair_whole_each, m)?)?;
    m.add_function(wrap_pyfunction!(reads_nothing_each, m)?)?;
    m.add_function(wrap_pyfunction!(kept_runs, m)?)?;
    m.add_function(wrap_pyfunction!(kept_runs_each, m)?)?;
    m.add_function(wrap_pyfunction!(settle_each, m)?)?;
    m.add_function(wrap_pyfunction!(unicode_version, m)?)?;
    m.add_function(wrap_pyfunction!(suspect_positions, m)?)?;
    m.add_class::<Quiet>()?;
    m.add_class::<SourceChooser>()?;
    m.add_class::<PageBits>()?;
    m.add_class::<LineChoices>()?;
    Ok(())
}
