import type { DataSource } from 'typeorm';
import { DeliveryAlertRepository } from './delivery-alert.repository';
import { DeliveryAttemptRepository } from './delivery-attempt.repository';
import { DeliveryReceiptRepository } from './delivery-receipt.repository';
import { DeliverySignalRepository } from './delivery-signal.repository';
import { NotificationOutboxRepository } from './notification-outbox.repository';
import { NotificationRelayRepository } from './notification-relay.repository';

export * from './notification-tables';
export {
  DeliveryAlertRepository,
  DeliveryAttemptRepository,
  DeliveryReceiptRepository,
  DeliverySignalRepository,
  NotificationOutboxRepository,
  NotificationRelayRepository,
};

/** The notification tables' repositories, one per concern, on one DataSource (the notifier's wiring). */
export interface NotificationRepositories {
  outbox: NotificationOutboxRepository;
  relay: NotificationRelayRepository;
  attempts: DeliveryAttemptRepository;
  receipts: DeliveryReceiptRepository;
  alerts: DeliveryAlertRepository;
  signals: DeliverySignalRepository;
}

export const notificationRepositories = (dataSource: DataSource): NotificationRepositories => ({
  outbox: new NotificationOutboxRepository(dataSource),
  relay: new NotificationRelayRepository(dataSource),
  attempts: new DeliveryAttemptRepository(dataSource),
  receipts: new DeliveryReceiptRepository(dataSource),
  alerts: new DeliveryAlertRepository(dataSource),
  signals: new DeliverySignalRepository(dataSource),
});
