//! textfix's core: the hot mechanisms over strings, bytes and fixed tables. No Python here:
//! `crates/textfix-py` binds it as `textfix._core`, and `src/textfix/` holds the decisions and
//! the plain Python reference of every kernel, which the tests keep equal to this one.

pub mod accept;
pub mod codecs;
pub mod dismiss;
pub mod han;
pub mod little;
pub mod model;
pub mod quiet;
pub mod runs;
pub mod scan;
pub mod score;
pub mod script_marks;
pub mod settle;
pub mod units;
pub mod western;
pub mod whole;

pub use model::{Model, ModelError};

#[cfg(test)]
pub(crate) mod testing {
    use crate::model::Model;
    use std::sync::OnceLock;

    /// The shipped model, parsed once for every test.
    pub fn model() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(include_bytes!("../../../src/textfix/data/model.bin"))
                .expect("the shipped model parses")
        })
    }
}
