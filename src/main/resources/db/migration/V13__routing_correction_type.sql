-- An operator may correct a record's exception type (its ServiceNow category and subcategory, or its Workflow caseType
-- variable) rather than, or as well as, its team: to_key is the type the operator gave it, null when only the team
-- changed.
ALTER TABLE routing_correction ADD COLUMN to_key VARCHAR(100);
