/**
 * The Message-ID of a delivery is derived from its id, never random: a message resent after
 * a crash between the SMTP answer and its record carries the same Message-ID, so the receiving
 * side (and a PEC provider's receipts) can tell it is the same notice.
 */
export const MESSAGE_ID_DOMAIN = 'notifiche.cittametropolitana.mi.it';

export const messageIdFor = (deliveryId: string): string => `<${deliveryId}@${MESSAGE_ID_DOMAIN}>`;

/** Accepts the id with or without angle brackets (daticert.xml escapes them, headers keep them). */
export const normaliseMessageId = (value: string): string => {
  const trimmed = value.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
};

const DELIVERY_MESSAGE_ID = new RegExp(`^<([0-9a-f-]{36})@${MESSAGE_ID_DOMAIN.replace(/\./g, '\\.')}>$`);

export const deliveryIdOf = (messageId: string): string | null => DELIVERY_MESSAGE_ID.exec(normaliseMessageId(messageId))?.[1] ?? null;
