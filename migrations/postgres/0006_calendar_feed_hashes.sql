-- The secret addresses of calendar feeds are kept only as SHA-256 hashes of their tokens, like
-- password links: whoever reads the table cannot subscribe. The address is shown once, when it
-- is made. Addresses made before this migration were stored in clear, so they end here: each
-- organisation makes a new one on its "my work" page.
DROP TABLE calendar_feed;
CREATE TABLE calendar_feed (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisation (id),
    token_hash      TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at      TEXT NOT NULL
);
