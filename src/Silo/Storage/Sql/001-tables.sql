-- Entitlements schema, step 1: the tables behind Orleans' ADO.NET providers and the audit trail.
-- Written for this product from the provider contract (docs: orleans-adonet-contract.md).

-- The providers load their statements from this table, by unquoted name.
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- Grain state. Identity is (service, state name, n0, n1, extension) with NULL matching NULL,
-- enforced by a unique index so that two racing first writes cannot both succeed.
CREATE TABLE IF NOT EXISTS grain_state (
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NULL,
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS grain_state_identity ON grain_state
    (service_id, grain_type, grain_id_n0, grain_id_n1, (coalesce(grain_id_ext, '')), (grain_id_ext IS NULL));

-- Cluster membership: one version row per deployment (the optimistic-concurrency token for the
-- whole membership) and one row per silo process.
CREATE TABLE IF NOT EXISTS cluster_version (
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS cluster_member (
    deployment_id   text        NOT NULL REFERENCES cluster_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Durable reminders, keyed by service (they survive cluster redeployments).
CREATE TABLE IF NOT EXISTS reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS reminder_ring ON reminder (service_id, grain_hash);

-- One row per access decision: who asked (subject, and the authenticated caller), about which customer, fields,
-- action and application, the verdict per field with reasons, the policy version and the time.
CREATE TABLE IF NOT EXISTS audit_decision (
    decision_id    text        PRIMARY KEY,
    at             timestamptz NOT NULL,
    subject        text        NOT NULL,
    subject_unit   text        NULL,
    caller         text        NOT NULL,
    customer       text        NOT NULL,
    customer_unit  text        NULL,
    action         text        NOT NULL,
    application    text        NOT NULL,
    grant_id       text        NULL,
    decision       text        NOT NULL,
    fields         jsonb       NOT NULL,
    reasons        text[]      NOT NULL,
    policy_version bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_decision_subject ON audit_decision (subject, at);
CREATE INDEX IF NOT EXISTS audit_decision_customer ON audit_decision (customer, at);
CREATE INDEX IF NOT EXISTS audit_decision_at ON audit_decision (at);
