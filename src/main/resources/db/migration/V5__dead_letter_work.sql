-- A dead letter names the work it stands for: the entry route it failed in and what that work is about (the thread, or
-- one file of it). When the same work succeeds another way (a webhook redelivery, the next poll, a later version),
-- its open dead letters become superseded instead of showing an operator a failure that no longer exists.
-- Statuses: new | waiting | replaying | replayed | resolved | discarded | superseded.
ALTER TABLE dead_letter ADD COLUMN entry_route VARCHAR(200);
ALTER TABLE dead_letter ADD COLUMN work_key VARCHAR(512);
CREATE INDEX ix_dead_letter_work ON dead_letter (work_key, entry_route, status);
-- entries written before this version were all thread journeys when they name the intake entry
UPDATE dead_letter SET entry_route = 'thread-intake', work_key = thread_id
    WHERE thread_id IS NOT NULL AND headers LIKE '%"tgbReplayUri":"direct://intake-thread"%';
