-- Who changed what through the admin API (publish, rollback, and later admin actions); service requests get the
-- fields the integration API writes; customers as the integrator's systems push them.
CREATE TABLE admin_audit (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL,
    key_name  text        NOT NULL,
    scope     text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    version   integer,
    detail    text
);

CREATE INDEX admin_audit_at_idx ON admin_audit (at DESC, id DESC);
CREATE INDEX admin_audit_target_idx ON admin_audit (target, id DESC);

ALTER TABLE service_requests
    ADD COLUMN technician_id  text,
    ADD COLUMN service_type   text,
    ADD COLUMN customer_id    text;

CREATE TABLE customers (
    customer_id  text        PRIMARY KEY,
    name         text        NOT NULL,
    phones       text[]      NOT NULL,
    language     text        NOT NULL,
    time_zone    text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX customers_phones_idx ON customers USING gin (phones);
