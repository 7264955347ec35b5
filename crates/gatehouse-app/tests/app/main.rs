//! Integration tests of the workbench boundary.

mod bindings;
mod codes;
mod exceptions;
mod import;
mod job;
mod session;
mod share;
mod wizard;
