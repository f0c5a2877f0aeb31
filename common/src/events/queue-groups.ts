/** One queue group per consuming service, so its replicas share the work: each event reaches
 * one replica of each service. Also the durable name of the service's subscriptions. */
export enum QueueGroups {
  TicketsService = 'tickets-service',
  OrdersService = 'orders-service',
  ExpirationService = 'expiration-service',
  PaymentsService = 'payments-service',
}
