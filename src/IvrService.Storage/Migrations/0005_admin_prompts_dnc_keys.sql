-- The do-not-call list (numbers no happy call is placed to) and the API keys managed through the admin API
-- (only their SHA-256 hashes; keys of the settings stay in the settings).
CREATE TABLE do_not_call (
    phone     text        PRIMARY KEY,
    reason    text        NOT NULL,
    added_by  text        NOT NULL,
    added_at  timestamptz NOT NULL
);

-- Newest first, paged by (added_at, phone).
CREATE INDEX do_not_call_added_idx ON do_not_call (added_at DESC, phone DESC);

CREATE TABLE api_keys (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    scope       text        NOT NULL CHECK (scope IN ('integrator', 'admin')),
    sha256      bytea       NOT NULL CHECK (octet_length(sha256) = 32),
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    revoked_at  timestamptz,
    revoked_by  text
);

-- A name is unique among the keys in force; a revoked key's name may be given to a new key.
CREATE UNIQUE INDEX api_keys_active_name_idx ON api_keys (name) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX api_keys_sha256_idx ON api_keys (sha256);
