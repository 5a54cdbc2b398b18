"""Realistic demo data, generated deterministically from one random number generator.

Pure functions and vocabulary only; ``core.seed`` writes the rows. Each niche has its own
products, qualities, moments and audiences, so campaign titles and briefs read like real
briefs and full-text search over them finds a meaningful share of campaigns, not all or none.
Amounts are integer minor units; every currency used here has two decimals.
"""

import random
import string
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

T = TypeVar("T")

DEMO_DOMAIN = "demo.example.com"
"""Seeded accounts, and only they, have emails at this domain: ``brand<n>@…``, ``creator<n>@…``."""
DEMO_PASSWORD = "collabmarket-demo"  # noqa: S105 - the documented password of demo accounts


def demo_email(role: str, number: int) -> str:
    """The email of seeded brand or creator number ``number`` (counting from 1)."""
    return f"{role}{number}@{DEMO_DOMAIN}"


def _list(text: str) -> tuple[str, ...]:
    """Comma-separated words as a tuple: vocabulary reads best as prose."""
    return tuple(word.strip() for word in text.split(","))


@dataclass(frozen=True)
class Niche:
    name: str
    industry: str
    products: tuple[str, ...]
    qualities: tuple[str, ...]
    moments: tuple[str, ...]
    """What creators film: routines, occasions, formats."""
    audiences: tuple[str, ...]
    brand_words: tuple[str, ...]
    physical: bool = True
    """Whether campaigns usually ship a product to the creator."""


NICHES: tuple[Niche, ...] = (
    Niche(
        "beauty",
        "Cosmetics & skincare",
        _list(
            "vitamin C serum, retinol night cream, mineral sunscreen, lip oil, tinted moisturiser, clay mask, "
            "hyaluronic toner, brow gel, cleansing balm, setting spray, eye patches, body butter"
        ),
        _list("fragrance-free, vegan, cruelty-free, dermatologist-tested, hydrating, lightweight, refillable"),
        _list("morning routine, get ready with me, night routine, before and after, first impressions, makeup look"),
        _list("sensitive skin, busy professionals, Gen Z, skincare beginners, mature skin"),
        _list("Glow, Dew, Velvet, Bloom, Lumen, Aura, Petal"),
    ),
    Niche(
        "fashion",
        "Apparel & accessories",
        _list(
            "linen shirt, wide-leg jeans, trench coat, leather sneakers, knit cardigan, silk scarf, tote bag, "
            "sunglasses, running shorts, capsule wardrobe, swimwear, ankle boots"
        ),
        _list("sustainable, organic cotton, timeless, oversized, recycled, handmade, limited-edition"),
        _list("try-on haul, outfit of the day, styling video, lookbook, wardrobe refresh, street style"),
        _list("petite women, students, office workers, plus-size shoppers, minimalists"),
        _list("Thread, Loom, Atelier, Stitch, Hem, Drape, Nomad"),
    ),
    Niche(
        "fitness",
        "Sports & fitness",
        _list(
            "resistance bands, protein powder, yoga mat, adjustable dumbbells, running shoes, smart jump rope, "
            "foam roller, pre-workout drink, gym bag, compression leggings, kettlebell, recovery massage gun"
        ),
        _list("high-protein, non-slip, sweat-proof, compact, plant-based, beginner-friendly, breathable"),
        _list("home workout, gym vlog, 30-day challenge, marathon training, HIIT session, stretching routine"),
        _list("beginners, runners, busy parents, home gym owners, athletes"),
        _list("Pulse, Stride, Core, Summit, Iron, Flex, Peak"),
    ),
    Niche(
        "food",
        "Food & beverage",
        _list(
            "cold brew coffee, oat milk, hot sauce, granola, sparkling tea, pasta sauce, meal kit, olive oil, "
            "dark chocolate, kombucha, spice blend, protein bar"
        ),
        _list("organic, low-sugar, gluten-free, small-batch, plant-based, spicy, fair-trade"),
        _list("recipe video, taste test, cooking tutorial, what I eat in a day, brunch, meal prep"),
        _list("home cooks, foodies, students, families, vegans"),
        _list("Harvest, Kettle, Orchard, Crumb, Saffron, Ember, Basil"),
    ),
    Niche(
        "travel",
        "Travel & hospitality",
        _list(
            "boutique hotel, carry-on suitcase, travel insurance, city card, eSIM data plan, train pass, "
            "packing cubes, campervan rental, walking tour, island ferry, airport lounge pass, travel pillow"
        ),
        _list("budget, luxury, family-friendly, eco-friendly, last-minute, weekend, off-season"),
        _list("travel vlog, city guide, packing video, hotel room tour, weekend getaway, road trip"),
        _list("backpackers, digital nomads, couples, families, solo travellers"),
        _list("Wander, Compass, Harbor, Atlas, Voyage, Meridian, Drift"),
    ),
    Niche(
        "tech",
        "Consumer electronics & software",
        _list(
            "wireless earbuds, mechanical keyboard, phone case, smart watch, portable charger, budgeting app, "
            "password manager, webcam, e-reader, robot vacuum, smart lamp, note-taking app"
        ),
        _list("noise-cancelling, wireless, fast-charging, open-source, privacy-first, waterproof, AI-powered"),
        _list("unboxing, desk setup tour, honest review, tutorial, productivity tips, day in the life"),
        _list("students, remote workers, developers, creatives, gadget fans"),
        _list("Byte, Circuit, Nimbus, Quanta, Pixel, Vertex, Orbit"),
    ),
    Niche(
        "gaming",
        "Games & esports",
        _list(
            "gaming headset, controller, indie game, gaming chair, capture card, mobile game, energy drink, "
            "streaming microphone, mouse pad, cloud gaming subscription, board game, VR headset"
        ),
        _list("low-latency, cross-platform, cosy, competitive, free-to-play, retro, RGB"),
        _list("let's play, speedrun, first hour gameplay, stream highlight, setup tour, tier list"),
        _list("casual gamers, streamers, esports fans, retro collectors, mobile gamers"),
        _list("Respawn, Pixelforge, Quest, Arcade, Lootbox, Glitch, Nova"),
    ),
    Niche(
        "parenting",
        "Baby & family",
        _list(
            "baby carrier, stroller, kids' tablet, lunch box, nappy bag, bath toys, baby monitor, "
            "story subscription, car seat, sleep sack, toddler shoes, learning puzzle"
        ),
        _list("non-toxic, easy-clean, award-winning, Montessori, lightweight, organic, screen-free"),
        _list("morning routine with kids, day in the life, school run, bedtime routine, honest review, unboxing"),
        _list("new parents, toddlers, twin parents, working mums, dads"),
        _list("Little, Nest, Acorn, Sprout, Cradle, Honey, Pebble"),
    ),
    Niche(
        "pets",
        "Pet care",
        _list(
            "dog food, cat litter, pet camera, chew toy, dog harness, cat tree, grooming brush, pet insurance, "
            "fish tank filter, dental treats, GPS collar, orthopaedic dog bed"
        ),
        _list("grain-free, vet-approved, odour-control, durable, natural, hypoallergenic, eco-friendly"),
        _list("day in the life of my dog, cat routine, unboxing, walk vlog, training tips, taste test"),
        _list("dog owners, cat lovers, puppy parents, senior pets, rescue adopters"),
        _list("Paw, Whisker, Fetch, Biscuit, Tail, Howl, Burrow"),
    ),
    Niche(
        "home",
        "Home & living",
        _list(
            "scented candle, linen bedding, air purifier, cast iron pan, storage baskets, houseplant subscription, "
            "coffee machine, bath towels, smart thermostat, wall art, cordless vacuum, ceramic vase"
        ),
        _list("minimalist, handmade, energy-saving, non-toxic, Scandinavian, vintage, space-saving"),
        _list("room makeover, cleaning routine, home tour, organising video, cosy evening, DIY project"),
        _list("renters, first-time buyers, small apartments, families, plant lovers"),
        _list("Hearth, Oak, Linen, Haven, Clay, Nook, Willow"),
    ),
    Niche(
        "finance",
        "Financial services",
        _list(
            "investing app, savings account, credit card, budgeting spreadsheet, crypto wallet, tax software, "
            "travel money card, pension plan, banking app, stock screener, money course, invoicing tool"
        ),
        _list("zero-fee, beginner-friendly, regulated, high-interest, cashback, transparent, mobile-first"),
        _list("money diary, explainer, how I budget, side hustle story, savings challenge, app walkthrough"),
        _list("students, freelancers, young professionals, first-time investors, families"),
        _list("Ledger, Penny, Vault, Mint, Sterling, Beacon, Anchor"),
        physical=False,
    ),
    Niche(
        "wellness",
        "Health & wellbeing",
        _list(
            "meditation app, magnesium supplement, herbal tea, sleep mask, journal, weighted blanket, "
            "essential oil diffuser, collagen powder, posture corrector, breathing course, acupressure mat, "
            "electrolyte drink"
        ),
        _list("calming, natural, caffeine-free, science-backed, gentle, mindful, sugar-free"),
        _list("evening wind-down, self-care Sunday, morning journaling, sleep routine, stress tips, week test"),
        _list("burnt-out professionals, students, new mums, light sleepers, athletes"),
        _list("Calm, Sage, Serene, Lotus, Ember, Still, Tonic"),
    ),
    Niche(
        "outdoors",
        "Outdoor & adventure",
        _list(
            "hiking boots, tent, trail running vest, water filter, sleeping bag, rain jacket, camping stove, "
            "climbing chalk, kayak, headlamp, insulated bottle, bikepacking bags"
        ),
        _list("ultralight, waterproof, packable, recycled, durable, insulated, four-season"),
        _list("trail vlog, camping trip, gear review, summit day, wild swim, packing list"),
        _list("hikers, climbers, campers, trail runners, weekend adventurers"),
        _list("Ridge, Alpine, Timber, Cairn, Fjord, Basecamp, Trail"),
    ),
    Niche(
        "sustainability",
        "Sustainable living",
        _list(
            "reusable bottle, compost bin, solar charger, refill station, beeswax wraps, e-bike, "
            "secondhand marketplace, bamboo toothbrush, shampoo bar, repair kit, zero-waste starter kit, "
            "rain barrel"
        ),
        _list("plastic-free, zero-waste, compostable, carbon-neutral, refillable, circular, local"),
        _list("zero-waste swap, a week without plastic, thrift haul, repair video, eco routine, explainer"),
        _list("eco beginners, students, families, city cyclists, gardeners"),
        _list("Verde, Root, Moss, Canopy, Tide, Fern, Earth"),
    ),
)
NICHE_BY_NAME = {niche.name: niche for niche in NICHES}

BRAND_SUFFIXES = ("Co.", "Labs", "Studio", "& Sons", "Collective", "Goods", "Supply", "House", "Works", "Club")
CONTENT_KINDS = ("launch", "review", "campaign", "challenge", "spotlight", "drop", "series", "story", "giveaway")
SEASONS = ("Spring", "Summer", "Autumn", "Winter", "Holiday", "Back-to-school", "New Year", "Black Friday")


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    languages: tuple[str, ...]
    cities: tuple[str, ...]
    weight: int
    price_factor: float
    """Rough local-currency units per US dollar, so amounts look local."""


COUNTRIES: tuple[Country, ...] = (
    Country("US", "USD", ("en",), ("Austin", "Brooklyn", "Denver", "Los Angeles", "Chicago", "Portland"), 30, 1.0),
    Country("GB", "GBP", ("en",), ("London", "Manchester", "Bristol", "Leeds", "Glasgow"), 12, 0.8),
    Country("DE", "EUR", ("de", "en"), ("Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"), 9, 0.9),
    Country("FR", "EUR", ("fr", "en"), ("Paris", "Lyon", "Marseille", "Bordeaux", "Lille"), 8, 0.9),
    Country("ES", "EUR", ("es", "en"), ("Madrid", "Barcelona", "Valencia", "Seville"), 6, 0.9),
    Country("IT", "EUR", ("it",), ("Milan", "Rome", "Turin", "Bologna", "Naples"), 5, 0.9),
    Country("NL", "EUR", ("nl", "en"), ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"), 4, 0.9),
    Country("SE", "SEK", ("sv", "en"), ("Stockholm", "Gothenburg", "Malmö", "Uppsala"), 3, 10.0),
    Country("CA", "CAD", ("en", "fr"), ("Toronto", "Vancouver", "Montreal", "Calgary"), 6, 1.4),
    Country("AU", "AUD", ("en",), ("Sydney", "Melbourne", "Brisbane", "Perth"), 5, 1.5),
    Country("BR", "BRL", ("pt",), ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"), 6, 5.0),
    Country("MX", "MXN", ("es",), ("Mexico City", "Guadalajara", "Monterrey", "Puebla"), 4, 17.0),
    Country("IN", "INR", ("hi", "en"), ("Mumbai", "Bengaluru", "Delhi", "Pune", "Hyderabad"), 5, 80.0),
    Country("PT", "EUR", ("pt", "en"), ("Lisbon", "Porto", "Braga", "Faro"), 2, 0.9),
)
_COUNTRY_WEIGHTS = [country.weight for country in COUNTRIES]

FIRST_NAMES = _list(
    "mia, aiden, sofia, liam, emma, noah, olivia, lucas, amara, mateo, chloe, elias, zara, leo, nina, kai, hana, "
    "omar, isla, yusuf, lena, arjun, maya, felix, ines, theo, priya, jonas, ava, diego, freya, ravi, clara, "
    "hugo, ella, sami, luna, tomas, aisha, max, julia, marco, nora, ben, elif, finn, lara, ivan, rosa"
)
LAST_NAMES = _list(
    "rivera, chen, novak, silva, patel, martin, rossi, garcia, kim, schmidt, dubois, jensen, costa, murphy, "
    "nguyen, lopez, fischer, moreau, ali, berg, santos, khan, weber, mori, larsen, okafor, haas, ferreira, "
    "brooks, singh, andersson, bianchi, cruz, wagner, lambert, hughes, reyes, sato, nilsson, perez"
)

DELIVERABLE_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("video", "tiktok", "30-60 seconds, vertical 9:16, hook in the first three seconds"),
    ("video", "instagram", "one Reel, 15-45 seconds, trending audio welcome"),
    ("video", "youtube", "a 60-90 second integration in a video of yours, or a Short"),
    ("photo", "instagram", "three edited photos in natural light, one of them a flat lay"),
    ("story", "instagram", "a set of three story frames with our link sticker"),
    ("review", "other", "an honest written review with two photos on our product page"),
    ("review", "youtube", "a dedicated honest review, at least four minutes"),
)
_FORMAT_WEIGHTS = (30, 22, 8, 14, 12, 9, 5)
DELIVERABLE_TYPES = ("video", "photo", "story", "review")
_RATE_FACTORS = {"video": 1.0, "photo": 0.6, "story": 0.35, "review": 0.8}

CAMPAIGN_STATUSES = ("open", "draft", "paused", "closed", "archived")
_STATUS_WEIGHTS = (80, 5, 4, 8, 3)
SLOT_CHOICES = (1, 2, 3, 4, 5, 8, 10, 20, 50)
_SLOT_WEIGHTS = (22, 18, 15, 10, 12, 8, 8, 5, 2)

_BRIEF_OPENINGS = (
    "{company} is launching its {quality} {product} and wants creators to show it in real life.",
    "We are {company}, and our {product} is back in a new {quality} version.",
    "{company} makes {quality} products for {audience}; this campaign is about our {product}.",
    "Help {company} introduce the {product} to {audience}.",
    "Our {season} {kind} puts the {product} from {company} in front of {audience}.",
)
_BRIEF_MIDDLES = (
    "We are looking for creators who film {moment} content for {audience}.",
    "Show how the {product} fits into your {moment}, in your own words.",
    "Mention that it is {quality} and {quality2}, and say what surprised you.",
    "The best videos we have seen are a {moment} that feels unscripted.",
    "Compare it with what you used before: we like honest takes, including the downsides.",
    "Tell your audience why the {quality} {product} matters to {audience}.",
    "Open with the problem it solves, then show the {product} in use, then your verdict.",
    "Creators in {niche} who already talk about {moment} are a great fit.",
    "Film in daylight if you can; we love a {moment} shot in one take.",
    "Our audience is {audience}, so keep the tone friendly and practical.",
)
_BRIEF_CLOSINGS = (
    "Please do not mention competitors by name.",
    "Include our discount code in the caption and tag us.",
    "Drafts go to us first; we answer within two working days.",
    "We repost our favourite pieces on our own channels, with credit.",
    "Captions in your own language are welcome.",
    "No scripts: your voice is why we want to work with you.",
)
_BIO_TEMPLATES = (
    "{niche_title} creator from {city}. I film {moment} for {audience}.",
    "{city}-based. {niche_title}, {niche2} and honest reviews. Open to collabs with {quality} brands.",
    "Making {moment} videos since {year}. Mostly {niche}, sometimes {niche2}.",
    "UGC creator | {niche_title} | {moment} | based in {city}",
    "I test {product}s so you don't have to. {niche_title} for {audience}.",
    "Former {job} turned full-time creator. {niche_title}, {moment}, real life in {city}.",
)
_HANDLE_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "._")
_JOBS = ("teacher", "nurse", "barista", "engineer", "designer", "accountant", "chef", "lawyer", "student")


@dataclass(frozen=True)
class BrandRow:
    id: uuid.UUID
    number: int
    created_at: datetime
    company_name: str
    website: str
    industry: str
    country: Country
    niche: Niche


@dataclass(frozen=True)
class CreatorRow:
    id: uuid.UUID
    number: int
    created_at: datetime
    handle: str
    bio: str
    niches: list[str]
    platforms: list[dict[str, Any]]
    country: str
    languages: list[str]
    base_rates: list[dict[str, Any]]
    portfolio_links: list[str]


@dataclass(frozen=True)
class CampaignRow:
    id: uuid.UUID
    brand_id: uuid.UUID
    status: str
    title: str
    brief: str
    deliverables: list[dict[str, Any]]
    niches: list[str]
    target_countries: list[str]
    target_languages: list[str]
    platforms: list[str]
    compensation_type: str
    currency: str
    price_min: int
    price_max: int
    slots: int
    application_deadline: datetime
    delivery_window_days: int
    max_revisions: int
    review_window_hours: int
    usage_rights: dict[str, Any]
    product_shipping_required: bool
    published_at: datetime | None
    created_at: datetime


class DemoData:
    """Generates brands, creators and campaigns; the same seed and numbering give the same rows."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _country(self) -> Country:
        return self.rng.choices(COUNTRIES, _COUNTRY_WEIGHTS)[0]

    def _past(self, max_days: float, min_days: float = 0) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(min_days, max_days))

    def brand(self, number: int) -> BrandRow:
        rng = self.rng
        niche = rng.choice(NICHES)
        first, second = rng.choice(niche.brand_words), rng.choice(rng.choice(NICHES).brand_words)
        style = rng.randrange(3) if first != second else 0
        company = (
            f"{first} {rng.choice(BRAND_SUFFIXES)}",
            f"{first}{second.lower()} {rng.choice(BRAND_SUFFIXES)}",
            f"{first} & {second}",
        )[style]
        slug = "".join(ch for ch in company.lower() if ch.isalnum())
        return BrandRow(
            id=self.uuid(),
            number=number,
            created_at=self._past(730, 120),
            company_name=company,
            website=f"https://www.{slug}{number}.example.com",
            industry=niche.industry,
            country=self._country(),
            niche=niche,
        )

    def creator(self, number: int) -> CreatorRow:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        niches = rng.sample(NICHES, rng.choices((1, 2, 3), (45, 40, 15))[0])
        main = niches[0]
        country = self._country()
        suffix = str(number)
        base = rng.choice(
            (
                f"{first}.{last}",
                f"{first}{last}",
                f"{first}_{main.name}",
                f"{first}.{main.moments[0].split()[0].lower()}",
                f"the{first}{last}",
                f"{first}makes",
                f"{main.name}with{first}",
                f"{first}.{last[0]}",
            )
        )
        handle = "".join(ch for ch in base if ch in _HANDLE_CHARACTERS)[: 30 - len(suffix)] + suffix
        platforms = self._accounts(handle)
        languages = list(country.languages)
        if "en" not in languages and rng.random() < 0.5:
            languages.append("en")
        bio = rng.choice(_BIO_TEMPLATES).format(
            niche=main.name,
            niche_title=main.name.capitalize(),
            niche2=niches[-1].name if len(niches) > 1 else rng.choice(NICHES).name,
            city=rng.choice(country.cities),
            moment=rng.choice(main.moments),
            audience=rng.choice(main.audiences),
            quality=rng.choice(main.qualities),
            product=rng.choice(main.products),
            year=rng.randint(2016, 2025),
            job=rng.choice(_JOBS),
        )
        followers = max(account["followers"] for account in platforms)
        return CreatorRow(
            id=self.uuid(),
            number=number,
            created_at=self._past(700, 1),
            handle=handle,
            bio=bio,
            niches=[niche.name for niche in niches],
            platforms=platforms,
            country=country.code,
            languages=languages,
            base_rates=self._rates(followers, country),
            portfolio_links=[
                f"https://www.{account['platform']}.com/@{handle}/{rng.randint(10**8, 10**9)}"
                for account in platforms[: rng.randint(0, 2)]
                if account["platform"] != "other"
            ],
        )

    def _accounts(self, handle: str) -> list[dict[str, Any]]:
        """One to three platform accounts; followers follow a long tail (Pareto): a median near a
        thousand, a few percent past 100k, a handful in the millions."""
        rng = self.rng
        names = rng.sample(("tiktok", "instagram", "youtube", "other"), rng.choices((1, 2, 3), (40, 40, 20))[0])
        if "other" in names and len(names) == 1:
            names = ["tiktok"]
        top = min(25_000_000, int(500 * rng.paretovariate(1.05)))
        accounts = []
        for index, name in enumerate(names):
            followers = top if index == 0 else int(top * rng.uniform(0.02, 0.9))
            accounts.append({"platform": name, "handle": f"@{handle}", "followers": followers})
        return accounts

    def _rates(self, followers: int, country: Country) -> list[dict[str, Any]]:
        rng = self.rng
        kinds = rng.sample(DELIVERABLE_TYPES, rng.randint(1, 3))
        usd = min(40_000.0, 60 + followers * rng.uniform(0.004, 0.015))
        rates = []
        for kind in kinds:
            amount = usd * _RATE_FACTORS[kind] * country.price_factor
            rates.append({"deliverable": kind, "amount": _round_minor(amount), "currency": country.currency})
        return rates

    def campaign(self, brand: BrandRow) -> CampaignRow:
        rng = self.rng
        niche = brand.niche if rng.random() < 0.85 else rng.choice(NICHES)
        niches = [niche.name] + ([rng.choice(NICHES).name] if rng.random() < 0.25 else [])
        product = rng.choice(niche.products)
        quality, quality2 = rng.sample(niche.qualities, 2)
        words = {
            "company": brand.company_name,
            "product": product,
            "quality": quality,
            "quality2": quality2,
            "moment": rng.choice(niche.moments),
            "audience": rng.choice(niche.audiences),
            "season": rng.choice(SEASONS).lower(),
            "kind": rng.choice(CONTENT_KINDS),
            "niche": niche.name,
        }
        title = rng.choice(
            (
                "{product} {kind}",
                "{quality} {product} for {audience}",
                "{season} {product} {kind}",
                "{moment} with our {product}",
                "{company}: {product} {kind}",
                "{quality} {product} {moment}",
            )
        ).format(**words)
        formats = _unique(rng.choices(DELIVERABLE_FORMATS, _FORMAT_WEIGHTS, k=rng.choices((1, 2, 3), (55, 35, 10))[0]))
        deliverables: list[dict[str, Any]] = [
            {"type": kind, "platform": platform, "count": rng.choices((1, 2, 3, 5), (60, 25, 10, 5))[0], "notes": notes}
            for kind, platform, notes in formats
        ]
        shipping = niche.physical and rng.random() < 0.7
        brief_lines = [
            rng.choice(_BRIEF_OPENINGS),
            *rng.sample(_BRIEF_MIDDLES, rng.randint(2, 4)),
            " ".join(
                f"Deliver {item['count']} {item['type']}{'s' if item['count'] > 1 else ''} on {item['platform']}"
                f" ({item['notes']})."
                for item in deliverables
            ),
            "We ship the {product} to you before you film, and you keep it." if shipping else "",
            *rng.sample(_BRIEF_CLOSINGS, rng.randint(1, 2)),
        ]
        brief = " ".join(line for line in brief_lines if line).format(**words)
        currency = brand.country.currency if rng.random() < 0.9 else rng.choice(("USD", "EUR"))
        factor = next(country.price_factor for country in COUNTRIES if country.currency == currency)
        usd = rng.lognormvariate(5.3, 0.7) * sum(item["count"] for item in deliverables) ** 0.7
        fixed = rng.random() < 0.6
        low = _round_minor(usd * factor * (1 if fixed else 0.7))
        high = low if fixed else _round_minor(usd * factor * rng.uniform(1.3, 2.2))
        status = rng.choices(CAMPAIGN_STATUSES, _STATUS_WEIGHTS)[0]
        published_at, created_at, deadline = self._lifecycle(status)
        targets = rng.sample(COUNTRIES, rng.randint(1, 3)) if rng.random() < 0.45 else []
        if targets and brand.country not in targets:
            targets[0] = brand.country
        languages = (
            sorted({lang for country in targets for lang in country.languages[:1]}) if rng.random() < 0.6 else []
        )
        return CampaignRow(
            id=self.uuid(),
            brand_id=brand.id,
            status=status,
            title=title[:1].upper() + title[1:],
            brief=brief,
            deliverables=deliverables,
            niches=_unique(niches),
            target_countries=[country.code for country in targets],
            target_languages=languages,
            platforms=sorted({item["platform"] for item in deliverables}),
            compensation_type="fixed" if fixed else "range",
            currency=currency,
            price_min=low,
            price_max=high,
            slots=rng.choices(SLOT_CHOICES, _SLOT_WEIGHTS)[0],
            application_deadline=deadline,
            delivery_window_days=rng.choice((7, 10, 14, 21, 30, 45)),
            max_revisions=rng.choices((0, 1, 2, 3), (5, 25, 55, 15))[0],
            review_window_hours=rng.choice((48, 72, 72, 96, 168)),
            usage_rights={
                "paid_ads": rng.random() < 0.4,
                "duration_months": rng.choice((0, 3, 6, 12, 24)),
                "territories": [country.code for country in targets],
                "raw_footage": rng.random() < 0.2,
            },
            product_shipping_required=shipping,
            published_at=published_at,
            created_at=created_at,
        )

    def _lifecycle(self, status: str) -> tuple[datetime | None, datetime, datetime]:
        """When the campaign was published and created, and its application deadline: open,
        paused and draft campaigns take applications over the coming months."""
        rng = self.rng
        day = timedelta(days=1)
        if status == "draft":
            created = self._past(30)
            return None, created, self.now + rng.uniform(14, 150) * day
        if status in ("open", "paused"):
            published = self._past(60)
            return published, published - rng.uniform(0, 7) * day, self.now + rng.uniform(2, 150) * day
        published = self._past(360, 30)
        return published, published - rng.uniform(0, 7) * day, published + rng.uniform(14, 60) * day


def _round_minor(amount: float) -> int:
    """Major units rounded to a friendly step, as minor units (two decimals)."""
    step = 5 if amount < 500 else 50 if amount < 5_000 else 500
    return max(step, round(amount / step) * step) * 100


def _unique(items: list[T]) -> list[T]:
    return list(dict.fromkeys(items))
