import {Alias} from "./alias.ts";
import type {Rng} from "./prng.ts";

export interface Product {
  index: number;
  id: string;
  name: string;
  category: string;
  subCategory: string;
  /** Index into `Catalog.subCategories`. */
  sub: number;
  brand: string;
  priceCents: number;
  leadTimeDays: number;
  /** Units per store at the start; set by `stockPlan` once demand is known. */
  startingStock: number;
  /** Zipf weight of the product's popularity rank. */
  popularity: number;
  maxQuantity: number;
  /** Chance a sold line comes back (before calibration to the target refund rate). */
  refundRisk: number;
  /** On sale during the promotion. */
  promoted: boolean;
  /** Planted supply problem: long lead time and a reorder point set from a demand forecast far too low. */
  troubled: boolean;
}

export interface SubCategory {
  name: string;
  category: string;
  products: number[];
  /** Popularity-weighted draw of one of `products`. */
  alias: Alias;
}

/** When a basket holds a product of `from`, add its partner in `to` (same position) or any product of `to`. */
export interface Affinity {
  from: number;
  to: number;
  partner: number;
  any: number;
  /** Partners are taken among the first `partners` products of `to` (e.g. the milks among dairy). */
  partners: number;
}

export interface Catalog {
  products: Product[];
  subCategories: SubCategory[];
  /** Affinities by `from` sub-category. */
  affinities: Affinity[][];
  popularity: Alias;
  /** Popularity during the promotion: promoted products sell three times as often. */
  promoPopularity: Alias;
  /** Popularity for big spenders: tilted towards dearer products. */
  premiumPopularity: Alias;
}

export const REFUND_REASONS = ["defective", "wrong_item", "not_as_described", "changed_mind", "damaged_shipping"] as const;

interface SubDef {
  name: string;
  /** How often the sub-category is bought, relative to the others. */
  weight: number;
  price: [number, number];
  lead: [number, number];
  brands: string[];
  items: string[];
  maxQuantity?: number;
}

interface CategoryDef {
  name: string;
  refundRisk: number;
  /** Refund reason weights, in REFUND_REASONS order. */
  reasons: [number, number, number, number, number];
  subs: SubDef[];
}

// 200 products. Pasta i and sauce i share a brand, and phone i has case i, so the planted
// affinities read naturally ("Bellissimo Spaghetti" => "Bellissimo Tomato & Basil Sauce").
// Phones and their cases sit in different categories so the affinity shows at category level too.
const CATEGORIES: CategoryDef[] = [
  {
    name: "Grocery",
    refundRisk: 0.03,
    reasons: [2, 2, 2, 3, 3],
    subs: [
      {name: "Pasta", weight: 4, price: [0.9, 2.6], lead: [3, 5], maxQuantity: 3, brands: ["Bellissimo", "Nonna Rosa", "Casa Verde", "Trattoria"],
        items: ["Spaghetti 500g", "Penne 500g", "Fusilli 500g", "Linguine 500g", "Farfalle 500g", "Rigatoni 500g", "Tagliatelle 250g", "Orzo 500g", "Macaroni 500g", "Lasagne Sheets 250g"]},
      {name: "Pasta Sauce", weight: 3, price: [1.6, 3.9], lead: [3, 5], maxQuantity: 2, brands: ["Bellissimo", "Nonna Rosa", "Casa Verde", "Trattoria"],
        items: ["Tomato & Basil Sauce", "Arrabbiata Sauce", "Bolognese Sauce", "Pesto Genovese", "Carbonara Sauce", "Puttanesca Sauce", "Four Cheese Sauce", "Roasted Pepper Sauce", "Mushroom Sauce", "Garlic & Herb Sauce"]},
      {name: "Breakfast Cereal", weight: 3, price: [1.8, 4.6], lead: [4, 6], maxQuantity: 2, brands: ["Sunrise", "Oatfield", "Crunchy Co"],
        items: ["Corn Flakes", "Muesli", "Granola", "Porridge Oats", "Bran Flakes", "Honey Hoops", "Rice Pops", "Fruit & Fibre"]},
      {name: "Snacks", weight: 6, price: [0.8, 3.5], lead: [3, 5], maxQuantity: 3, brands: ["Crispa", "Munchies", "Golden Bay"],
        items: ["Sea Salt Crisps, Sharing Bag", "Salt & Vinegar Crisps", "Tortilla Chips", "Salted Pretzels", "Sweet Popcorn", "Cheese Puffs", "Mixed Nuts 200g", "Milk Chocolate Bar", "Oat Cereal Bar 5pk", "Rice Cakes", "Trail Mix", "Sour Cream Crisps"]},
      {name: "Coffee & Tea", weight: 3, price: [2.2, 7.5], lead: [5, 8], maxQuantity: 2, brands: ["Highland Roast", "Leafwell"],
        items: ["Ground Coffee 227g", "Coffee Beans 1kg", "Instant Coffee 200g", "Espresso Pods 10pk", "Decaf Ground Coffee", "English Breakfast Tea 80pk", "Green Tea 40pk", "Earl Grey 80pk", "Chamomile Tea 20pk", "Chai Tea 20pk"]},
      {name: "Baking", weight: 2, price: [0.7, 3.8], lead: [5, 8], maxQuantity: 2, brands: ["Millers", "Sweet Hearth"],
        items: ["Plain Flour 1.5kg", "Self-Raising Flour 1.5kg", "Caster Sugar 1kg", "Baking Powder", "Vanilla Extract", "Cocoa Powder", "Dark Chocolate Chips", "Dried Yeast", "Icing Sugar", "Strong Bread Flour"]}
    ]
  },
  {
    name: "Fresh",
    refundRisk: 0.05,
    reasons: [4, 1, 2, 1, 2],
    subs: [
      {name: "Dairy", weight: 10, price: [0.9, 4.2], lead: [1, 2], maxQuantity: 3, brands: ["Meadow Farm", "Green Pastures"],
        items: ["Whole Milk 2L", "Semi-Skimmed Milk 2L", "Oat Milk 1L", "Greek Yogurt 500g", "Mature Cheddar 400g", "Salted Butter 250g", "Mozzarella", "Parmesan Wedge", "Free Range Eggs 12pk", "Double Cream 300ml"]},
      {name: "Bakery", weight: 7, price: [0.8, 3.2], lead: [1, 2], maxQuantity: 2, brands: ["Hearth & Stone", "Daily Crust"],
        items: ["Sourdough Loaf", "White Bread 800g", "Wholemeal Bread 800g", "Croissants 4pk", "Bagels 5pk", "Baguette", "Cinnamon Rolls 4pk", "Pitta Bread 6pk"]},
      {name: "Produce", weight: 10, price: [0.5, 3.5], lead: [1, 2], maxQuantity: 4, brands: ["Orchard Fresh", "Valley Grown"],
        items: ["Bananas 5pk", "Gala Apples 6pk", "Avocados 2pk", "Vine Tomatoes", "Lemons 4pk", "Baby Spinach 200g", "Carrots 1kg", "Brown Onions 1kg", "Potatoes 2.5kg", "Strawberries 400g", "Blueberries 150g", "Garlic 4pk"]}
    ]
  },
  {
    name: "Beverages",
    refundRisk: 0.03,
    reasons: [2, 2, 1, 3, 2],
    subs: [
      {name: "Soft Drinks", weight: 6, price: [0.8, 4.5], lead: [3, 5], maxQuantity: 4, brands: ["Fizzco", "Brightwater"],
        items: ["Cola 2L", "Diet Cola 2L", "Cloudy Lemonade 2L", "Orange Soda 2L", "Ginger Beer 4pk", "Tonic Water 1L", "Energy Drink 4pk", "Peach Iced Tea 1.5L", "Cola 6x330ml", "Root Beer 4pk"]},
      {name: "Water", weight: 3, price: [0.5, 3.2], lead: [3, 5], maxQuantity: 4, brands: ["Highland Spring Co", "Clearpeak"],
        items: ["Still Water 6x1.5L", "Sparkling Water 6x1.5L", "Flavoured Water 1L", "Coconut Water 1L", "Spring Water 5L"]},
      {name: "Juice", weight: 2, price: [1.1, 3.9], lead: [2, 4], maxQuantity: 3, brands: ["Grove", "Pressed"],
        items: ["Orange Juice 1L", "Apple Juice 1L", "Cranberry Juice 1L", "Pineapple Juice 1L", "Berry Smoothie 750ml"]},
      {name: "Beer & Wine", weight: 3, price: [4.5, 14], lead: [4, 7], maxQuantity: 3, brands: ["Old Quarry", "Vinea"],
        items: ["Lager 4x440ml", "IPA 4x440ml", "Rioja Red 75cl", "Sauvignon Blanc 75cl", "Prosecco 75cl", "Apple Cider 4x500ml"]}
    ]
  },
  {
    name: "Household",
    refundRisk: 0.04,
    reasons: [3, 2, 2, 3, 2],
    subs: [
      {name: "Cleaning", weight: 2, price: [0.9, 4.5], lead: [5, 8], maxQuantity: 2, brands: ["Sparkle", "Pure Home"],
        items: ["Multi-Surface Spray", "Thick Bleach 750ml", "Washing-Up Liquid", "Glass Cleaner", "Sponges 10pk", "Disinfectant Wipes 80pk", "Oven Cleaner", "Bathroom Cleaner"]},
      {name: "Laundry", weight: 2, price: [2.5, 11], lead: [5, 8], maxQuantity: 2, brands: ["Freshfold", "Pure Home"],
        items: ["Bio Detergent 1.4L", "Non-Bio Detergent 1.4L", "Fabric Softener 1L", "Laundry Pods 30pk", "Stain Remover", "Colour Catcher Sheets", "Dryer Sheets 40pk", "Delicates Wash"]},
      {name: "Paper Goods", weight: 3, price: [0.9, 6.5], lead: [5, 8], maxQuantity: 2, brands: ["Softly", "Everyday"],
        items: ["Toilet Roll 9pk", "Kitchen Roll 3pk", "Tissues 3pk", "Napkins 100pk", "Bin Bags 20pk", "Cling Film 30m", "Kitchen Foil 10m", "Baking Paper 10m"]}
    ]
  },
  {
    name: "Personal Care",
    refundRisk: 0.05,
    reasons: [3, 2, 3, 4, 1],
    subs: [
      {name: "Hair Care", weight: 1.5, price: [2.5, 8.5], lead: [6, 9], maxQuantity: 2, brands: ["Silken", "Root & Co"],
        items: ["Shampoo 400ml", "Conditioner 400ml", "2-in-1 Shampoo", "Dry Shampoo", "Styling Gel", "Hair Mask"]},
      {name: "Oral Care", weight: 1.5, price: [1.2, 9], lead: [6, 9], maxQuantity: 2, brands: ["Brightsmile", "Dentafresh"],
        items: ["Toothpaste 75ml", "Electric Brush Heads 4pk", "Manual Toothbrush 2pk", "Mouthwash 500ml", "Dental Floss", "Whitening Strips"]},
      {name: "Skin Care", weight: 1.2, price: [2.5, 14], lead: [6, 9], maxQuantity: 2, brands: ["Dermaleaf", "Glow Lab"],
        items: ["Daily Moisturiser", "Sunscreen SPF50", "Hand Cream", "Foaming Face Wash", "Body Lotion 400ml", "Lip Balm"]}
    ]
  },
  {
    name: "Baby",
    refundRisk: 0.04,
    reasons: [2, 3, 1, 3, 2],
    subs: [
      {name: "Diapers", weight: 1.2, price: [7, 13], lead: [5, 8], maxQuantity: 2, brands: ["Tiny Steps"], items: ["Nappies Size 2 40pk", "Nappies Size 3 36pk", "Nappies Size 4 32pk", "Nappies Size 5 28pk"]},
      {name: "Baby Wipes", weight: 1, price: [1.5, 4.5], lead: [5, 8], maxQuantity: 3, brands: ["Tiny Steps"], items: ["Sensitive Wipes 56pk", "Fragrance-Free Wipes 56pk", "Aloe Wipes 64pk", "Wipes Travel Pack"]}
    ]
  },
  {
    name: "Electronics",
    refundRisk: 0.13,
    reasons: [5, 2, 3, 3, 1],
    subs: [
      {name: "Phones", weight: 0.3, price: [229, 999], lead: [10, 14], maxQuantity: 1, brands: ["Nova", "Nova", "Pixelite", "Pixelite", "Orbit", "Orbit"],
        items: ["X 128GB", "X Pro 256GB", "8 128GB", "8a 64GB", "S Lite 64GB", "S Max 512GB"]},
      {name: "Headphones", weight: 0.45, price: [15, 320], lead: [8, 12], maxQuantity: 1, brands: ["Sonora", "Beatline"],
        items: ["Wireless Earbuds", "Noise-Cancelling Headphones", "Wired Earphones", "Sport Earbuds", "Kids Headphones", "Gaming Headset"]}
    ]
  },
  {
    name: "Accessories",
    refundRisk: 0.08,
    reasons: [4, 3, 3, 3, 1],
    subs: [
      {name: "Phone Cases", weight: 0.25, price: [12, 35], lead: [7, 10], maxQuantity: 1, brands: ["Nova", "Nova", "Pixelite", "Pixelite", "Orbit", "Orbit"],
        items: ["X Case", "X Pro Case", "8 Case", "8a Case", "S Lite Case", "S Max Case"]},
      {name: "Chargers & Cables", weight: 0.5, price: [7, 45], lead: [7, 10], maxQuantity: 2, brands: ["Voltix", "Anchorline"],
        items: ["USB-C Cable 1m", "USB-C Cable 2m", "20W USB-C Charger", "65W GaN Charger", "Wireless Charging Pad", "Power Bank 10000mAh"]}
    ]
  },
  {
    name: "Home & Kitchen",
    refundRisk: 0.08,
    reasons: [3, 2, 4, 3, 3],
    subs: [
      {name: "Cookware", weight: 0.3, price: [18, 90], lead: [10, 14], maxQuantity: 1, brands: ["Ironside", "Chef's Table"],
        items: ["Non-Stick Frying Pan 28cm", "Saucepan Set, 3 Piece", 'Cast Iron Skillet 12"', "Stock Pot 8L", "Carbon Steel Wok"]},
      {name: "Kitchen Tools", weight: 0.4, price: [4, 40], lead: [8, 12], maxQuantity: 1, brands: ["Ironside", "Chef's Table"],
        items: ["Chef's Knife 20cm", "Bamboo Cutting Board", "Steel Colander", "Pasta Server", "Measuring Cups, Set of 4"]}
    ]
  }
];

const AFFINITIES: {from: string; to: string; partner: number; any: number; partners?: number}[] = [
  {from: "Pasta", to: "Pasta Sauce", partner: 0.45, any: 0.15},
  {from: "Phones", to: "Phone Cases", partner: 0.55, any: 0.05},
  {from: "Phones", to: "Chargers & Cables", partner: 0, any: 0.3},
  {from: "Headphones", to: "Chargers & Cables", partner: 0, any: 0.25},
  {from: "Diapers", to: "Baby Wipes", partner: 0.35, any: 0.2},
  // The retail legend, planted on purpose: a category-level rule Baby => Beverages.
  {from: "Diapers", to: "Beer & Wine", partner: 0, any: 0.3},
  {from: "Breakfast Cereal", to: "Dairy", partner: 0.3, any: 0.1, partners: 3},
  {from: "Snacks", to: "Soft Drinks", partner: 0, any: 0.25},
  {from: "Beer & Wine", to: "Snacks", partner: 0, any: 0.3},
  {from: "Coffee & Tea", to: "Dairy", partner: 0.2, any: 0, partners: 3},
  {from: "Cookware", to: "Kitchen Tools", partner: 0, any: 0.3}
];

const PROMOTED = new Set(["Snacks", "Soft Drinks", "Beer & Wine", "Headphones"]);

/** How strongly popularity falls with rank (weight = rank^-ZIPF). */
const ZIPF = 0.8;

export function catalog(rng: Rng): Catalog {
  const products: Product[] = [];
  const subCategories: SubCategory[] = [];
  const subWeights: number[] = [];
  for (const category of CATEGORIES) {
    for (const def of category.subs) {
      const sub = subCategories.length;
      const members: number[] = [];
      def.items.forEach((item, i) => {
        const index = products.length;
        const brand = def.brands[i % def.brands.length];
        members.push(index);
        products.push({
          index,
          id: `P${String(index + 1).padStart(4, "0")}`,
          name: `${brand} ${item}`,
          category: category.name,
          subCategory: def.name,
          sub,
          brand,
          priceCents: price(rng.uniform(def.price[0], def.price[1])),
          leadTimeDays: rng.between(def.lead[0], def.lead[1]),
          startingStock: 0,
          popularity: 0,
          maxQuantity: def.maxQuantity ?? 1,
          refundRisk: category.refundRisk,
          promoted: PROMOTED.has(def.name),
          troubled: false
        });
        subWeights.push(def.weight / def.items.length);
      });
      subCategories.push({name: def.name, category: category.name, products: members, alias: undefined as unknown as Alias});
    }
  }
  // Zipf over ranks; a product's rank is drawn around its sub-category's weight, so milk tends
  // to outsell phones but each seed orders products differently.
  const order = products.map((p) => ({p, key: subWeights[p.index] * Math.exp(0.7 * rng.normal())}));
  order.sort((a, b) => b.key - a.key || a.p.index - b.p.index);
  order.forEach(({p}, rank) => (p.popularity = Math.pow(rank + 1, -ZIPF)));
  // Plant a few supply problems among the moderately popular non-fresh products.
  const candidates = order.slice(8, 70).map(({p}) => p).filter((p) => p.category !== "Fresh");
  for (const p of rng.shuffle(candidates).slice(0, 4)) {
    p.troubled = true;
    p.leadTimeDays = rng.between(14, 21);
  }
  for (const sub of subCategories) sub.alias = new Alias(sub.products.map((i) => products[i].popularity));
  const byName = new Map(subCategories.map((s, i) => [s.name, i]));
  const affinities: Affinity[][] = subCategories.map(() => []);
  for (const a of AFFINITIES) {
    const from = byName.get(a.from)!;
    const to = byName.get(a.to)!;
    affinities[from].push({from, to, partner: a.partner, any: a.any, partners: a.partners ?? subCategories[to].products.length});
  }
  const weights = products.map((p) => p.popularity);
  return {
    products,
    subCategories,
    affinities,
    popularity: new Alias(weights),
    promoPopularity: new Alias(products.map((p) => p.popularity * (p.promoted ? 3 : 1))),
    premiumPopularity: new Alias(products.map((p) => p.popularity * Math.pow(p.priceCents / 100, 0.3)))
  };
}

export function reasonWeights(product: Product): readonly number[] {
  return CATEGORIES.find((c) => c.name === product.category)!.reasons;
}

/** Shelf prices end in 9: 2.37 → 2.39, 449.20 → 449.99. */
function price(units: number): number {
  return units >= 20 ? Math.floor(units) * 100 + 99 : Math.floor(units * 10) * 10 + 9;
}
