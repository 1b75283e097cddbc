-- The catalog the Orleans ADO.NET providers read their SQL from. The providers issue
-- exactly "SELECT QueryKey, QueryText FROM OrleansQuery" at start-up, so the table and
-- column names are fixed by Orleans. Scripts register their queries with an upsert, so a
-- changed query text replaces the old one on the next start.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL,
    QueryText text NOT NULL,

    CONSTRAINT orleans_query_pk PRIMARY KEY (QueryKey)
);
