-- Sentiment and emotion of each customer message (issue 5): { sentiment, sentimentScore,
-- emotion, confidence, analyzer }. The trajectory of a conversation is these values in seq order.
ALTER TABLE messages ADD COLUMN sentiment jsonb;
