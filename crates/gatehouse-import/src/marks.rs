//! What a cell of a matrix means: the mark vocabulary, legends that extend it, and RACI
//! letters.

use std::collections::BTreeMap;

use crate::workbook::{Sheet, Value};

/// The meaning of a mark in a permission matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Allow,
    Approval,
    /// An explicit deny: a grant whose effect is deny.
    Deny,
    /// No grant.
    None,
}

impl Mark {
    /// The effect of the grant the mark makes; `None` for a mark that grants nothing.
    pub fn effect(self) -> Option<gatehouse_core::Effect> {
        use gatehouse_core::Effect;
        match self {
            Mark::Allow => Some(Effect::Allow),
            Mark::Approval => Some(Effect::Approval),
            Mark::Deny => Some(Effect::Deny),
            Mark::None => None,
        }
    }
}

/// Marks known without a legend, and those a legend or mapping adds.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    extra: BTreeMap<String, Mark>,
}

const ALLOW: &[&str] = &[
    "x", "✓", "✔", "●", "•", "yes", "y", "ja", "oui", "sí", "si", "1", "true", "allow", "allowed",
    "granted", "grant",
];
const APPROVAL: &[&str] = &[
    "with approval",
    "approval",
    "approval required",
    "requires approval",
    "needs approval",
    "allowed with approval",
];
const DENY: &[&str] = &[
    "deny",
    "denied",
    "explicitly denied",
    "forbidden",
    "prohibited",
];
const NONE: &[&str] = &[
    "n", "no", "nein", "non", "0", "-", "–", "—", "false", "none", "n/a",
];

fn key(token: &str) -> String {
    token
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Vocabulary {
    /// Adds or overrides the meaning of `token` (from a legend or a mapping file).
    pub fn define(&mut self, token: &str, mark: Mark) {
        self.extra.insert(key(token), mark);
    }

    pub fn defined(&self) -> &BTreeMap<String, Mark> {
        &self.extra
    }

    /// The meaning of a cell, or `None` when the token is not known.
    pub fn mark(&self, value: &Value) -> Option<Mark> {
        match value {
            Value::Empty => return Some(Mark::None),
            Value::Bool(true) => return Some(Mark::Allow),
            Value::Bool(false) => return Some(Mark::None),
            _ => {}
        }
        let k = key(&value.text());
        if k.is_empty() {
            return Some(Mark::None);
        }
        if let Some(m) = self.extra.get(&k) {
            return Some(*m);
        }
        meaning_word(&k)
    }
}

/// A mark from the built-in vocabulary (already lower-cased and single-spaced).
fn meaning_word(k: &str) -> Option<Mark> {
    if ALLOW.contains(&k) {
        Some(Mark::Allow)
    } else if APPROVAL.contains(&k) {
        Some(Mark::Approval)
    } else if DENY.contains(&k) {
        Some(Mark::Deny)
    } else if NONE.contains(&k) {
        Some(Mark::None)
    } else {
        None
    }
}

/// What a legend's description of a mark means ("allowed", "with approval", "not allowed").
fn legend_meaning(text: &str) -> Option<Mark> {
    let k = key(text);
    if k.contains("approv") {
        return Some(Mark::Approval);
    }
    if ["deny", "denied", "forbidden", "prohibited"]
        .iter()
        .any(|w| k.contains(w))
    {
        return Some(Mark::Deny);
    }
    if k.starts_with("no") || k.contains("not ") || k.contains("no access") {
        return Some(Mark::None);
    }
    if ["allow", "grant", "permit", "access", "full", "yes", "can "]
        .iter()
        .any(|w| k.contains(w))
    {
        return Some(Mark::Allow);
    }
    None
}

/// Whether `text` could be a mark in a legend: short, not a sentence.
fn is_token(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().count() <= 3
}

/// Legend entries in a sheet: a short token beside its meaning (`X | allowed`), or one
/// cell such as `A = with approval`. Returns (token, meaning, row).
pub fn legend_entries(sheet: &Sheet) -> Vec<(String, Mark, u32)> {
    let mut found = Vec::new();
    for r in 0..sheet.height() {
        let cells: Vec<(u32, &Value)> = sheet
            .row(r)
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (c as u32, v))
            .collect();
        if let [(a, token), (b, meaning)] = cells[..] {
            let token = token.text();
            if b == a + 1 && is_token(&token) {
                if let Some(m) = legend_meaning(&meaning.text()) {
                    found.push((token.trim().to_string(), m, r));
                    continue;
                }
            }
        }
        // `A = with approval` is text: a number, date or boolean has no `=` or `:`.
        for (_, v) in &cells {
            let (Value::Text(text) | Value::Error(text)) = v else {
                continue;
            };
            for sep in ['=', ':'] {
                if let Some((token, meaning)) = text.split_once(sep) {
                    if is_token(token) && meaning.trim().len() > 2 {
                        if let Some(m) = legend_meaning(meaning) {
                            found.push((token.trim().to_string(), m, r));
                        }
                    }
                }
            }
        }
    }
    found
}

/// RACI letters in a cell, alphabetically ("A/R", "R / A", "(R)", "R (A)" → "AR"), or
/// `None` when the cell holds anything else.
pub fn raci_letters(text: &str) -> Option<String> {
    let mut letters: Vec<char> = Vec::new();
    for c in text.chars() {
        match c.to_ascii_uppercase() {
            l @ ('R' | 'A' | 'C' | 'I') => {
                if !letters.contains(&l) {
                    letters.push(l);
                }
            }
            '/' | ',' | '(' | ')' | '+' | '&' | ';' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    if letters.is_empty() {
        return None;
    }
    // One letter per token: "RA" written without separator is fine, "RACE" is not RACI.
    let tokens = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty());
    for t in tokens {
        if t.len() > 1 && t.len() > letters.len() {
            return None;
        }
    }
    letters.sort_unstable();
    Some(letters.into_iter().collect())
}

/// The operations of a CRUD matrix, in the order the letters are written.
pub const CRUD: [(char, &str); 4] = [
    ('C', "Create"),
    ('R', "Read"),
    ('U', "Update"),
    ('D', "Delete"),
];

/// CRUD letters in a cell, in C, R, U, D order ("CRUD", "R/U", "c, r" → "CR"; "RU" →
/// "RU"), or `None` when the cell holds anything else.
pub fn crud_letters(text: &str) -> Option<String> {
    let mut found = [false; 4];
    for c in text.chars() {
        match c.to_ascii_uppercase() {
            l @ ('C' | 'R' | 'U' | 'D') => {
                let i = CRUD.iter().position(|(letter, _)| *letter == l)?;
                found[i] = true;
            }
            '/' | ',' | '(' | ')' | '+' | '&' | ';' | '-' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    let letters: String = (CRUD.iter().zip(found))
        .filter(|(_, f)| *f)
        .map(|((l, _), _)| *l)
        .collect();
    // A word that repeats letters ("DUD") is not a set of operations.
    let tokens = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty());
    for t in tokens {
        if t.len() > letters.len() {
            return None;
        }
    }
    (!letters.is_empty()).then_some(letters)
}

#[cfg(test)]
mod crud_tests {
    use super::*;

    #[test]
    fn crud_letters_are_read_in_their_order_and_words_are_not() {
        assert_eq!(crud_letters("CRUD").as_deref(), Some("CRUD"));
        assert_eq!(crud_letters("r/u").as_deref(), Some("RU"));
        assert_eq!(crud_letters("D, C").as_deref(), Some("CD"));
        assert_eq!(crud_letters("C-R-U").as_deref(), Some("CRU"));
        assert_eq!(crud_letters("R").as_deref(), Some("R"));
        for not in ["", "-", "x", "Read", "DUD", "CRUDE", "A/R"] {
            assert_eq!(crud_letters(not), None, "{not:?}");
        }
    }
}
