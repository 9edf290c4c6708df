-- pgbench script: the least one order on a fixed-price listing must do. Every client orders from the same listing, as
-- in the service's order phase: lock the listing's row (orders are decided one at a time), check what is left, append
-- one ~300-byte jsonb event at the next version, take the quantity off. One transaction.
BEGIN;
SELECT remaining, version FROM ceiling_listings WHERE id = 1 FOR UPDATE \gset
\if :remaining >= 0.0001
INSERT INTO ceiling_listing_events (listing_id, version, type, data) VALUES
 (1, :version + 1, 'ListingOrderPlaced',
  jsonb_build_object('listingId', md5('listing-1')::uuid, 'orderId', gen_random_uuid(), 'buyerId', gen_random_uuid(),
    'quantity', 0.0001, 'unitPrice', 320000, 'price', 32, 'actor', 'bench-buyer', 'organisation', gen_random_uuid(),
    'occurredAt', now(), 'correlationId', gen_random_uuid()));
UPDATE ceiling_listings SET remaining = remaining - 0.0001, version = version + 1 WHERE id = 1;
\endif
COMMIT;
