// Volume and unit economics: from the cost of one request to the cost per day, per month and per
// active user, and the margin left at a given price per user. A month is 30 days.
import { DAYS_PER_MONTH, DEFAULT_REQUESTS_PER_DAY, type Scenario } from './scenario';

export interface Volume {
  requestsPerDay: number;
  activeUsers: number | null;
  /** Where requestsPerDay came from, shown as an assumption when it is the default. */
  basis: 'scenario' | 'users' | 'default';
}

export interface UnitEconomics {
  costPerRequest: number;
  costPer1kRequests: number;
  costPerDay: number;
  costPerMonth: number;
  costPerActiveUserPerMonth: number | null;
  margin: { pricePerUserPerMonth: number; marginPerUserPerMonth: number; marginShare: number } | null;
}

export function resolveVolume(scenario: Scenario): Volume {
  const { requestsPerDay, activeUsers, requestsPerUserPerDay } = scenario;
  if (requestsPerDay !== null) return { requestsPerDay, activeUsers, basis: 'scenario' };
  if (activeUsers !== null && requestsPerUserPerDay !== null) return { requestsPerDay: activeUsers * requestsPerUserPerDay, activeUsers, basis: 'users' };
  return { requestsPerDay: DEFAULT_REQUESTS_PER_DAY, activeUsers, basis: 'default' };
}

export function unitEconomics(costPerRequest: number, volume: Volume, pricePerUserPerMonth: number | null): UnitEconomics {
  const costPerDay = costPerRequest * volume.requestsPerDay;
  const costPerMonth = costPerDay * DAYS_PER_MONTH;
  const costPerActiveUserPerMonth = volume.activeUsers ? costPerMonth / volume.activeUsers : null;
  const margin =
    pricePerUserPerMonth !== null && costPerActiveUserPerMonth !== null
      ? {
          pricePerUserPerMonth,
          marginPerUserPerMonth: pricePerUserPerMonth - costPerActiveUserPerMonth,
          marginShare: pricePerUserPerMonth > 0 ? (pricePerUserPerMonth - costPerActiveUserPerMonth) / pricePerUserPerMonth : 0,
        }
      : null;
  return { costPerRequest, costPer1kRequests: costPerRequest * 1000, costPerDay, costPerMonth, costPerActiveUserPerMonth, margin };
}

/** USD per request turned into USD per month at the scenario's volume. */
export function perMonth(costPerRequest: number, volume: Volume): number {
  return costPerRequest * volume.requestsPerDay * DAYS_PER_MONTH;
}
