//! Where tower-sessions keeps sessions: our own database, through the same pool as everything
//! else, so that every app server sees every session. The user's id (signed in, or between the
//! password and the second factor) is copied into its own column so that deactivating a user,
//! a new password or a removed second factor can end all of their sessions.

use super::{PENDING_USER_ID, USER_ID};
use crate::server::db::{Db, sessions};
use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db }
    }
}

fn backend(error: sqlx::Error) -> Error {
    Error::Backend(error.to_string())
}

fn user_id(record: &Record) -> Option<i64> {
    [USER_ID, PENDING_USER_ID]
        .iter()
        .find_map(|key| record.data.get(*key).and_then(serde_json::Value::as_i64))
}

fn encode(record: &Record) -> Result<String> {
    serde_json::to_string(&record.data).map_err(|error| Error::Encode(error.to_string()))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let mut conn = self.db.acquire().await.map_err(backend)?;
        let data = encode(record)?;
        while !sessions::insert(
            &mut conn,
            &record.id.to_string(),
            user_id(record),
            &data,
            record.expiry_date.unix_timestamp(),
        )
        .await
        .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    /// Updates the session and never re-creates it: a request that loaded the session before
    /// it was signed out (in another tab, or by an administrator) cannot bring it back.
    async fn save(&self, record: &Record) -> Result<()> {
        let mut conn = self.db.acquire().await.map_err(backend)?;
        sessions::update(
            &mut conn,
            &record.id.to_string(),
            user_id(record),
            &encode(record)?,
            record.expiry_date.unix_timestamp(),
        )
        .await
        .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let mut conn = self.db.acquire().await.map_err(backend)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let Some(stored) = sessions::load(&mut conn, &id.to_string(), now)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&stored.data).map_err(|error| Error::Decode(error.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(stored.expires_at)
            .map_err(|error| Error::Decode(error.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let mut conn = self.db.acquire().await.map_err(backend)?;
        sessions::delete(&mut conn, &id.to_string())
            .await
            .map_err(backend)
    }
}
