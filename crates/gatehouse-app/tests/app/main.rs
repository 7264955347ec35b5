//! Integration tests of the workbench boundary.

mod bindings;
mod codes;
mod export;
mod import;
mod job;
mod session;
mod share;
mod simulation;
mod wizard;
