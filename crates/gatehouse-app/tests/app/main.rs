//! Integration tests of the workbench boundary.

mod audit;
mod bindings;
mod codes;
mod export;
mod exceptions;
mod import;
mod job;
mod session;
mod share;
mod simulation;
mod wizard;
