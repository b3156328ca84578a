-- Route files are versioned beside the rule files, so a route edit can be reverted with one command too.
ALTER TABLE config_version ADD COLUMN kind VARCHAR(10) DEFAULT 'rules' NOT NULL;  -- rules | routes
CREATE INDEX ix_config_version_kind ON config_version (kind, id);
