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
pub mod sources;
pub(crate) mod streamed_gains;
pub mod units;
pub mod western;
pub mod whole;

pub use model::{Model, ModelError};

#[cfg(test)]
pub(crate) mod testing {
    use crate::dismiss::Chains;
    use crate::han::{Chain, Tables};
    use crate::model::Model;
    use crate::whole::{ChainName, Limits};
    use std::sync::OnceLock;

    /// The single-byte pages the chains read, as the core names them.
    pub const SINGLE_BYTE_PAGES: [&str; 5] = [
        "latin-1",
        "sloppy-cp1252",
        "sloppy-cp1250",
        "sloppy-cp1254",
        "sloppy-mac_roman",
    ];

    /// A chain as the binding names it.
    pub fn named(wrong: &str, true_codec: &str, times: i64) -> ChainName {
        ChainName {
            wrong: wrong.to_string(),
            true_codec: true_codec.to_string(),
            times,
        }
    }

    /// The two chains between Big5 and GBK, by their tables, made once for every test.
    pub fn han_tables() -> &'static [Tables; 2] {
        static TABLES: OnceLock<[Tables; 2]> = OnceLock::new();
        TABLES.get_or_init(|| {
            [
                Tables::new(model(), Chain::Big5AsGbk),
                Tables::new(model(), Chain::GbkAsBig5),
            ]
        })
    }

    /// `chains` with the limits the Python side passes (`recode.WHOLE_WORST`, `WHOLE_AVERAGE`,
    /// `MARGIN`, `plausibility.SHORT_TEXT`), marking lost bytes.
    pub fn chains<'a>(
        whole: &'a [ChainName],
        pages: &'a [ChainName],
        single: &'a [ChainName],
        from_utf8: &'a [ChainName],
        han: &'a [&'a Tables],
    ) -> Chains<'a> {
        Chains {
            whole,
            pages,
            single,
            from_utf8,
            han,
            rarest: 20.0,
            limits: Limits {
                average: 15.0,
                margin: 12.0,
            },
            short_text: 24,
            guess: false,
        }
    }

    /// The shipped model, parsed once for every test.
    pub fn model() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(include_bytes!("../../../src/textfix/data/model.bin"))
                .expect("the shipped model parses")
        })
    }
}
