-- Minimal tables for the PostgreSQL ceiling of one order on a fixed-price listing: the listing's row (what is left,
-- its stream version) and its event log. Created in the ceiling's database; nothing of the service uses them.
SET client_min_messages = warning;
DROP TABLE IF EXISTS ceiling_listings, ceiling_listing_events;
CREATE TABLE ceiling_listings (id int PRIMARY KEY, remaining numeric(18,4) NOT NULL, version int NOT NULL);
CREATE TABLE ceiling_listing_events (
  seq bigserial PRIMARY KEY, listing_id int NOT NULL, version int NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, timestamp timestamptz DEFAULT now(), UNIQUE (listing_id, version));
INSERT INTO ceiling_listings VALUES (1, 1000000000, 0);
VACUUM ANALYZE;
