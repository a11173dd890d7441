use crate::util::Result;
pub fn bench(_args: &[String]) -> Result {
    Err("bench: not yet".into())
}
