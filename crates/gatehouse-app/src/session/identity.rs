//! The session's identity: its state, creating it on first use, unlocking it.

use age::secrecy::SecretString;

use super::Session;
use crate::error::AppResult;
use crate::identity::{self, IdentityStatus};

impl Session {
    pub fn identity_status(&self) -> IdentityStatus {
        identity::status(&self.identity_path, self.identity.as_ref())
    }

    /// Creates the user's identity on first use, protected by `passphrase`.
    pub fn create_identity(&mut self, passphrase: String) -> AppResult<IdentityStatus> {
        let identity = identity::create(&self.identity_path, Some(SecretString::from(passphrase)))?;
        self.identity = Some(identity);
        Ok(self.identity_status())
    }

    pub fn unlock(&mut self, passphrase: String) -> AppResult<IdentityStatus> {
        let identity = identity::unlock(&self.identity_path, Some(SecretString::from(passphrase)))?;
        self.identity = Some(identity);
        Ok(self.identity_status())
    }
}
