import type {Rng} from "./prng.ts";

export interface Store {
  id: string;
  name: string;
  city: string;
  region: string;
  sizeSqft: number;
  opened: string;
  /** Relative footfall; the generator's hidden truth, not written to the CSV. */
  traffic: number;
}

/**
 * Ten stores in seven regions. The list is fixed (so the docs can name the weak store); the seed
 * only jitters footfall. S10 is a big retail-park store with a fraction of its peers' footfall:
 * its revenue per square foot is far below everyone else's.
 */
const STORES: readonly Omit<Store, "traffic">[] = [
  {id: "S01", name: "Riverside Flagship", city: "London", region: "London", sizeSqft: 42000, opened: "2009-04-18"},
  {id: "S02", name: "Camden Market", city: "London", region: "London", sizeSqft: 16500, opened: "2015-09-05"},
  {id: "S03", name: "Piccadilly", city: "Manchester", region: "North West", sizeSqft: 31000, opened: "2011-03-12"},
  {id: "S04", name: "Salford Quays", city: "Salford", region: "North West", sizeSqft: 14000, opened: "2019-06-29"},
  {id: "S05", name: "Bullring", city: "Birmingham", region: "Midlands", sizeSqft: 28000, opened: "2010-10-02"},
  {id: "S06", name: "Trinity Leeds", city: "Leeds", region: "Yorkshire", sizeSqft: 22000, opened: "2014-03-21"},
  {id: "S07", name: "Buchanan Street", city: "Glasgow", region: "Scotland", sizeSqft: 26000, opened: "2012-11-17"},
  {id: "S08", name: "Princes Street", city: "Edinburgh", region: "Scotland", sizeSqft: 19500, opened: "2016-05-14"},
  {id: "S09", name: "Cabot Circus", city: "Bristol", region: "South West", sizeSqft: 24000, opened: "2013-08-24"},
  // A quoted comma in a dimension file: valid CSV that naive split(",") readers get wrong.
  {id: "S10", name: "Harbourside Retail Park, Cardiff Bay", city: "Cardiff", region: "Wales", sizeSqft: 38000, opened: "2021-02-06"}
];

export const UNDERPERFORMING_STORE = "S10";

export function stores(rng: Rng): Store[] {
  return STORES.map((store) => {
    // Footfall grows less than linearly with floor space; ±12% per-store character.
    const base = Math.pow(store.sizeSqft / 20000, 0.8) * (0.88 + 0.24 * rng.next());
    return {...store, traffic: store.id === UNDERPERFORMING_STORE ? base * 0.3 : base};
  });
}
