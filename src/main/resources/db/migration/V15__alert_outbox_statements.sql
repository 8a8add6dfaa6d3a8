-- The outbox carries more than budget alerts: the monthly chargeback statement to each team's owners and anomaly
-- notices. Every row has a dedupe key naming what it is (budget:ID:MONTH:KIND:THRESHOLD:CHANNEL,
-- statement:TEAM:MONTH:EMAIL, anomaly:TEAM:DAY:EMAIL); the key is unique, so each goes out once.
ALTER TABLE alert_outbox ADD COLUMN dedupe_key text;
UPDATE alert_outbox SET dedupe_key = 'budget:' || budget_id || ':' || month || ':' || kind || ':' || threshold || ':'
    || channel;
ALTER TABLE alert_outbox ALTER COLUMN dedupe_key SET NOT NULL;
ALTER TABLE alert_outbox ADD CONSTRAINT alert_outbox_dedupe UNIQUE (dedupe_key);
ALTER TABLE alert_outbox ALTER COLUMN budget_id DROP NOT NULL;
ALTER TABLE alert_outbox ALTER COLUMN threshold DROP NOT NULL;
ALTER TABLE alert_outbox ADD COLUMN team text;
