-- Chat Triage Gateway: the database schema as plain MySQL DDL (MySQL 8.x, MariaDB 10.11).
--
-- Usage, on an empty database that the gateway's user owns:
--   mysql --default-character-set=utf8mb4 -h HOST -P 3306 -u USER -p DATABASE < schema.sql
--
-- The migrations in migrations/ remain the source of truth: upgrades are always
-- `npm run migration:run`. This file is the same schema, state after the last migration
-- (1763700017000-DropRedundantStatusIndex), for DBAs who provision databases from SQL. It also records
-- those migrations as applied in `typeorm_migrations`, so a database built from it upgrades with
-- `migration:run` like any other (without them it would re-run them all and fail on the seed).
-- test/integration/schema.int-spec.ts checks this file against the migrations, column by column.
--
-- Re-runnable: every CREATE has IF NOT EXISTS and every INSERT skips rows that are there.
-- It never alters an existing table: on a database older than this file, use the migrations.
-- The pk_* names are the ones the migrations declare; MySQL and MariaDB accept them but call
-- every primary key PRIMARY.

SET NAMES utf8mb4;

-- The first migration does the same; the tables below also set it explicitly.
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `webhook_messages` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `platform` VARCHAR(32) NOT NULL,
  `external_id` VARCHAR(191) NOT NULL,
  `conversation_id` VARCHAR(191) NOT NULL,
  `conversation_name` VARCHAR(255) DEFAULT NULL,
  `sender_id` VARCHAR(191) NOT NULL,
  `sender_name` VARCHAR(255) DEFAULT NULL,
  `sender_phone` VARCHAR(32) DEFAULT NULL,
  `event_type` VARCHAR(32) NOT NULL,
  `text` TEXT NOT NULL,
  `attachments` JSON DEFAULT NULL,
  `raw_payload` JSON DEFAULT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'received',
  `attempts` INT NOT NULL DEFAULT 0,
  `last_error` VARCHAR(1000) DEFAULT NULL,
  `duplicate_count` INT NOT NULL DEFAULT 0,
  `sent_at` DATETIME(3) NOT NULL,
  `received_at` DATETIME(3) NOT NULL,
  `processed_at` DATETIME(3) DEFAULT NULL,
  `processing_ms` INT DEFAULT NULL,
  `reply_to` JSON DEFAULT NULL,
  `handling` VARCHAR(16) NOT NULL DEFAULT 'route',
  `next_attempt_at` DATETIME(3) DEFAULT NULL,
  `locked_by` VARCHAR(64) DEFAULT NULL,
  `locked_until` DATETIME(3) DEFAULT NULL,
  CONSTRAINT `pk_webhook_messages` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_webhook_messages_platform_external_id` (`platform`, `external_id`),
  KEY `idx_webhook_messages_conversation` (`platform`, `conversation_id`),
  KEY `idx_webhook_messages_received_at` (`received_at`),
  KEY `idx_webhook_messages_status_next_attempt` (`status`, `next_attempt_at`),
  KEY `idx_webhook_messages_status_received_at` (`status`, `received_at`),
  KEY `idx_webhook_messages_platform_received_at` (`platform`, `received_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `message_history` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `platform` VARCHAR(32) NOT NULL,
  `conversation_id` VARCHAR(191) NOT NULL,
  `message_id` INT DEFAULT NULL,
  `sender` VARCHAR(255) NOT NULL,
  `content` TEXT NOT NULL,
  `content_type` VARCHAR(32) NOT NULL,
  `sent_at` DATETIME(3) DEFAULT NULL,
  `line_hash` VARCHAR(64) NOT NULL,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_message_history` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_message_history_conversation_line` (`platform`, `conversation_id`, `line_hash`),
  KEY `idx_message_history_conversation_sent_at` (`platform`, `conversation_id`, `sent_at`),
  -- InnoDB needs an index on a foreign key's columns and names it after the constraint.
  KEY `fk_message_history_message_id` (`message_id`),
  CONSTRAINT `fk_message_history_message_id` FOREIGN KEY (`message_id`)
    REFERENCES `webhook_messages` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `analytics_results` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `message_id` INT NOT NULL,
  `urgency_score` INT NOT NULL,
  `category` VARCHAR(16) NOT NULL,
  `sentiment` VARCHAR(16) NOT NULL,
  `keywords` JSON NOT NULL,
  `priority_level` VARCHAR(16) NOT NULL,
  `action_required` TINYINT(1) NOT NULL,
  `recommended_response_time` VARCHAR(16) NOT NULL,
  `language` VARCHAR(8) NOT NULL,
  `analyzer` VARCHAR(16) NOT NULL,
  `reasoning` VARCHAR(1000) NOT NULL,
  `should_notify` TINYINT(1) NOT NULL,
  `vip_boost` INT NOT NULL DEFAULT 0,
  `model` VARCHAR(64) DEFAULT NULL,
  `latency_ms` INT NOT NULL,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_analytics_results` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_analytics_results_message_id` (`message_id`),
  KEY `idx_analytics_results_created_at` (`created_at`),
  KEY `idx_analytics_results_priority_level` (`priority_level`, `message_id`),
  KEY `idx_analytics_results_category` (`category`, `message_id`),
  CONSTRAINT `fk_analytics_results_message_id` FOREIGN KEY (`message_id`)
    REFERENCES `webhook_messages` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `agent_routing` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `message_id` INT NOT NULL,
  `agent` VARCHAR(32) NOT NULL,
  `url` VARCHAR(512) NOT NULL,
  `attempt` INT NOT NULL,
  `is_fallback` TINYINT(1) NOT NULL DEFAULT 0,
  `status` VARCHAR(16) NOT NULL,
  `http_status` INT DEFAULT NULL,
  `latency_ms` INT NOT NULL,
  `error` VARCHAR(1000) DEFAULT NULL,
  `response_body` JSON DEFAULT NULL,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_agent_routing` PRIMARY KEY (`id`),
  KEY `idx_agent_routing_message_id` (`message_id`),
  KEY `idx_agent_routing_created_at` (`created_at`),
  CONSTRAINT `fk_agent_routing_message_id` FOREIGN KEY (`message_id`)
    REFERENCES `webhook_messages` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `critical_groups` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(191) NOT NULL,
  `priority_boost` INT NOT NULL DEFAULT 2,
  `is_active` TINYINT(1) NOT NULL DEFAULT 1,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_critical_groups` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_critical_groups_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `important_customers` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `phone_number` VARCHAR(32) DEFAULT NULL,
  `platform_user_id` VARCHAR(191) DEFAULT NULL,
  `name` VARCHAR(255) NOT NULL,
  `priority_boost` INT NOT NULL DEFAULT 2,
  `is_active` TINYINT(1) NOT NULL DEFAULT 1,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_important_customers` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_important_customers_phone_number` (`phone_number`),
  UNIQUE KEY `uq_important_customers_platform_user_id` (`platform_user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `system_stats` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `metric_name` VARCHAR(64) NOT NULL,
  `metric_value` DOUBLE NOT NULL,
  `details` JSON DEFAULT NULL,
  `recorded_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_system_stats` PRIMARY KEY (`id`),
  KEY `idx_system_stats_metric_recorded_at` (`metric_name`, `recorded_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `outbound_messages` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `message_id` INT DEFAULT NULL,
  `platform` VARCHAR(32) NOT NULL,
  `conversation_id` VARCHAR(191) DEFAULT NULL,
  `recipient` VARCHAR(191) NOT NULL,
  `text` TEXT NOT NULL,
  `status` VARCHAR(16) NOT NULL,
  `external_id` VARCHAR(191) DEFAULT NULL,
  `attempts` INT NOT NULL DEFAULT 0,
  `last_error` VARCHAR(1000) DEFAULT NULL,
  `created_at` DATETIME(3) NOT NULL,
  `updated_at` DATETIME(3) NOT NULL,
  `kind` VARCHAR(16) NOT NULL DEFAULT 'reply',
  `delivery` JSON DEFAULT NULL,
  `sent_at` DATETIME(3) DEFAULT NULL,
  `locked_until` DATETIME(3) DEFAULT NULL,
  `next_attempt_at` DATETIME(3) DEFAULT NULL,
  `locked_by` VARCHAR(64) DEFAULT NULL,
  `template` JSON DEFAULT NULL,
  CONSTRAINT `pk_outbound_messages` PRIMARY KEY (`id`),
  KEY `idx_outbound_messages_platform_external_id` (`platform`, `external_id`),
  KEY `idx_outbound_messages_status` (`status`),
  KEY `idx_outbound_messages_created_at` (`created_at`),
  KEY `idx_outbound_messages_status_next_attempt` (`status`, `next_attempt_at`),
  -- InnoDB needs an index on a foreign key's columns and names it after the constraint.
  KEY `fk_outbound_messages_message_id` (`message_id`),
  CONSTRAINT `fk_outbound_messages_message_id` FOREIGN KEY (`message_id`)
    REFERENCES `webhook_messages` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `engagement_events` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `user_id` VARCHAR(191) NOT NULL,
  `event_type` VARCHAR(64) NOT NULL,
  `is_clicked` TINYINT(1) NOT NULL,
  `platform` VARCHAR(32) DEFAULT NULL,
  `message_id` INT DEFAULT NULL,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_engagement_events` PRIMARY KEY (`id`),
  KEY `idx_engagement_events_user_id_created_at` (`user_id`, `created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `triage_labels` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `message_id` INT NOT NULL,
  `text_key` VARCHAR(64) NOT NULL,
  `text` TEXT NOT NULL,
  `language` VARCHAR(8) NOT NULL,
  `category` VARCHAR(16) DEFAULT NULL,
  `priority_level` VARCHAR(16) DEFAULT NULL,
  `predicted_category` VARCHAR(16) DEFAULT NULL,
  `predicted_priority_level` VARCHAR(16) DEFAULT NULL,
  `model` VARCHAR(64) DEFAULT NULL,
  `created_at` DATETIME(3) NOT NULL,
  `updated_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_triage_labels` PRIMARY KEY (`id`),
  UNIQUE KEY `uq_triage_labels_message_id` (`message_id`),
  KEY `idx_triage_labels_text_key` (`text_key`),
  KEY `idx_triage_labels_updated_at` (`updated_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `triage_models` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `version` VARCHAR(64) NOT NULL,
  `base_version` VARCHAR(64) NOT NULL,
  `model` JSON NOT NULL,
  `figures` JSON NOT NULL,
  `corrections` INT NOT NULL,
  `created_at` DATETIME(3) NOT NULL,
  CONSTRAINT `pk_triage_models` PRIMARY KEY (`id`),
  KEY `idx_triage_models_base_version` (`base_version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Seed 004's prioritised groups (migration SeedCriticalGroups); admins change them through
-- /admin/critical-groups. The unique name makes IGNORE skip the groups that exist.
INSERT IGNORE INTO `critical_groups` (`name`, `priority_boost`, `is_active`, `created_at`) VALUES
  ('VIP Customers', 3, 1, UTC_TIMESTAMP(3)),
  ('Technical Support', 2, 1, UTC_TIMESTAMP(3)),
  ('Sales Team', 2, 1, UTC_TIMESTAMP(3)),
  ('Management', 3, 1, UTC_TIMESTAMP(3)),
  ('Important Partners', 2, 1, UTC_TIMESTAMP(3)),
  ('İzer Management', 3, 1, UTC_TIMESTAMP(3));

-- TypeORM's bookkeeping (migrationsTableName in src/database/data-source-options.ts), in the
-- shape TypeORM creates it. Add a row here with every new migration.
CREATE TABLE IF NOT EXISTS `typeorm_migrations` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `timestamp` BIGINT NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO `typeorm_migrations` (`timestamp`, `name`)
SELECT `applied`.`timestamp`, `applied`.`name`
FROM (
  SELECT 1763699000000 AS `timestamp`, 'SetDatabaseCharset1763699000000' AS `name`
  UNION ALL SELECT 1763700000000, 'CreateWebhookMessages1763700000000'
  UNION ALL SELECT 1763700001000, 'CreateMessageHistory1763700001000'
  UNION ALL SELECT 1763700002000, 'CreateAnalyticsResults1763700002000'
  UNION ALL SELECT 1763700003000, 'CreateAgentRouting1763700003000'
  UNION ALL SELECT 1763700004000, 'CreateCriticalGroups1763700004000'
  UNION ALL SELECT 1763700005000, 'CreateImportantCustomers1763700005000'
  UNION ALL SELECT 1763700006000, 'CreateSystemStats1763700006000'
  UNION ALL SELECT 1763700007000, 'CreateOutboundMessages1763700007000'
  UNION ALL SELECT 1763700008000, 'CreateEngagementEvents1763700008000'
  UNION ALL SELECT 1763700009000, 'SeedCriticalGroups1763700009000'
  UNION ALL SELECT 1763700010000, 'AddReplyAddresses1763700010000'
  UNION ALL SELECT 1763700011000, 'AddProcessingState1763700011000'
  UNION ALL SELECT 1763700012000, 'CreateTriageLabels1763700012000'
  UNION ALL SELECT 1763700013000, 'CreateTriageModels1763700013000'
  UNION ALL SELECT 1763700014000, 'AddInboxFilterIndexes1763700014000'
  UNION ALL SELECT 1763700015000, 'AddOutboundLeaseOwner1763700015000'
  UNION ALL SELECT 1763700016000, 'AddOutboundTemplate1763700016000'
  UNION ALL SELECT 1763700017000, 'DropRedundantStatusIndex1763700017000'
) AS `applied`
WHERE NOT EXISTS (
  SELECT 1 FROM `typeorm_migrations` AS `done` WHERE `done`.`name` = `applied`.`name`
)
ORDER BY `applied`.`timestamp`;
