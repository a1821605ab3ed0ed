"""Phrase data for the synthetic demo corpus (see ``app.services.demo_corpus``).

Everything here is plain data, written for Voxloop. The logic that combines it lives in
``demo_corpus``; this module has no behaviour.

Templates use ``str.format`` slots. Each text draws one set of slot values, so the same
product, agent or carrier is used throughout one comment or complaint.

English slots
    ``product``, ``a_product``, ``the_product``  any product ("graphics card")
    ``pc``, ``a_pc``, ``the_pc``                  a desktop system ("gaming PC")
    ``agent``                                     a staff reference ("the agent")
    ``wait``                                      a hold time ("over an hour")
    ``days``, ``weeks``                           a delay ("three days", "over a month")
    ``weekday``, ``carrier``, ``price``, ``voucher``, ``n_calls`` ("four"), ``order_no``

German slots (grammatical case and gender are resolved by ``demo_corpus``)
    ``p``, ``p_nom``, ``p_acc``, ``p_dat``, ``p_ein_acc``, ``p_mein_dat``, ``p_er``,
    ``p_rel``                                     any product ("den Monitor", "sie", "die")
    ``pc``, ``pc_nom``, ``pc_acc``, ``pc_ein_acc``, ``pc_er``   a desktop system
    ``agent_nom``, ``agent_acc``, ``agent_dat``, ``agent_er``, ``agent_sein``
    ``wait`` (accusative, "über eine Stunde"), ``wait_dat`` ("über einer Stunde")
    ``days``, ``weeks``, ``weeks_dat``, ``weekday``, ``carrier``, ``price``, ``voucher``,
    ``n`` ("vier"), ``n_mal`` ("viermal"), ``order_no``

Per topic and language, ``PHRASES[topic][language]`` holds
    ``core``    the distinct core statements (one sentence each)
    ``detail``  optional follow-up sentences that fit every core of the topic
    ``short``   very short stand-alone comments
    ``expect``  what the customer expects (complaints; negative topics only)
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# Slot values
# ---------------------------------------------------------------------------------------

# (noun, noun with indefinite article, is a desktop system)
EN_PRODUCTS: tuple[tuple[str, str, bool], ...] = (
    ("gaming PC", "a gaming PC", True),
    ("RTX build", "an RTX build", True),
    ("custom PC", "a custom PC", True),
    ("office PC", "an office PC", True),
    ("tower PC", "a tower PC", True),
    ("workstation", "a workstation", True),
    ("mini PC", "a mini PC", True),
    ("laptop", "a laptop", False),
    ("monitor", "a monitor", False),
    ("graphics card", "a graphics card", False),
    ("power supply", "a power supply", False),
)

# (noun, grammatical gender m/f/n, is a desktop system)
DE_PRODUCTS: tuple[tuple[str, str, bool], ...] = (
    ("Gaming-PC", "m", True),
    ("RTX-Rechner", "m", True),
    ("Komplett-PC", "m", True),
    ("Office-PC", "m", True),
    ("Tower-PC", "m", True),
    ("Workstation", "f", True),
    ("Mini-PC", "m", True),
    ("Laptop", "m", False),
    ("Notebook", "n", False),
    ("Monitor", "m", False),
    ("Grafikkarte", "f", False),
    ("Netzteil", "n", False),
)

EN_AGENTS: tuple[str, ...] = (
    "the agent",
    "the guy I spoke to",
    "the woman I spoke to",
    "your staff member",
    "the person I dealt with",
    "your colleague",
    "the employee",
    "the support agent",
)

# (noun, gender) — all regular nouns, so the article alone carries the case
DE_AGENTS: tuple[tuple[str, str], ...] = (
    ("Mitarbeiter", "m"),
    ("Mitarbeiterin", "f"),
    ("Kundenberater", "m"),
    ("Kundenberaterin", "f"),
    ("Servicemitarbeiter", "m"),
    ("Servicemitarbeiterin", "f"),
    ("Support-Mitarbeiter", "m"),
)

EN_WAITS: tuple[str, ...] = (
    "45 minutes",
    "over an hour",
    "almost an hour",
    "40 minutes",
    "an hour and a half",
    "half an hour",
    "more than 50 minutes",
    "a good 35 minutes",
)

# (accusative of duration, dative after "nach")
DE_WAITS: tuple[tuple[str, str], ...] = (
    ("45 Minuten", "45 Minuten"),
    ("über eine Stunde", "über einer Stunde"),
    ("fast eine Stunde", "fast einer Stunde"),
    ("40 Minuten", "40 Minuten"),
    ("anderthalb Stunden", "anderthalb Stunden"),
    ("eine halbe Stunde", "einer halben Stunde"),
    ("über 50 Minuten", "über 50 Minuten"),
    ("geschlagene 35 Minuten", "geschlagenen 35 Minuten"),
)

EN_DAYS: tuple[str, ...] = (
    "two days",
    "three days",
    "four days",
    "five days",
    "a week",
    "over a week",
    "ten days",
)
DE_DAYS: tuple[str, ...] = (
    "zwei Tage",
    "drei Tage",
    "vier Tage",
    "fünf Tage",
    "eine Woche",
    "über eine Woche",
    "zehn Tage",
)

EN_WEEKS: tuple[str, ...] = (
    "two weeks",
    "three weeks",
    "almost five weeks",
    "six weeks",
    "over a month",
)
# (accusative, dative after "vor"/"seit")
DE_WEEKS: tuple[tuple[str, str], ...] = (
    ("zwei Wochen", "zwei Wochen"),
    ("drei Wochen", "drei Wochen"),
    ("fast fünf Wochen", "fast fünf Wochen"),
    ("sechs Wochen", "sechs Wochen"),
    ("über einen Monat", "über einem Monat"),
)

EN_WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
DE_WEEKDAYS: tuple[str, ...] = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
)

CARRIERS: tuple[str, ...] = ("DHL", "DPD", "UPS", "GLS", "Hermes")
VOUCHERS: tuple[str, ...] = ("BLACKWEEK10", "BF25", "SAVE20", "WELCOME5", "GAMER15", "NEWS10")
EN_PRICES: tuple[str, ...] = ("€1,299", "€1,849", "€2,199", "€949", "€3,499", "€629", "€1,079")
DE_PRICES: tuple[str, ...] = ("1.299 €", "1.849 €", "2.199 €", "949 €", "3.499 €", "629 Euro")

EN_COUNTS: tuple[str, ...] = ("three", "four", "five", "six", "seven")
DE_COUNTS: tuple[str, ...] = ("drei", "vier", "fünf", "sechs", "sieben")

# ---------------------------------------------------------------------------------------
# Shared openers and closers (by sentiment)
# ---------------------------------------------------------------------------------------
# An opener ending in ", " lowercases the start of the following sentence (English only);
# one ending in ". ", "! " or ": " counts as its own sentence or keeps the capital.

OPENERS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "negative": (
            "Honestly, ",
            "To be honest, ",
            "Sorry, but ",
            "Well, ",
            "Not impressed. ",
            "Disappointed. ",
            "Seriously, ",
            "Ugh. ",
            "Just so you know: ",
            "Where do I start: ",
        ),
        "positive": (
            "Honestly, ",
            "Really happy. ",
            "Great job. ",
            "Just wanted to say: ",
            "Credit where it's due: ",
            "Top! ",
            "Wow. ",
        ),
        "neutral": (
            "Well, ",
            "Meh. ",
            "Hm, ",
            "Not much to say: ",
            "Honestly, ",
        ),
    },
    "de": {
        "negative": (
            "Ehrlich gesagt: ",
            "Sorry, aber: ",
            "Also: ",
            "Nicht zufrieden. ",
            "Enttäuschend. ",
            "Mal ehrlich: ",
            "Ganz ehrlich: ",
            "Tja. ",
            "Kurz und knapp: ",
            "Ärgerlich: ",
        ),
        "positive": (
            "Ganz ehrlich: ",
            "Sehr zufrieden! ",
            "Top! ",
            "Wollte nur sagen: ",
            "Lob an dieser Stelle: ",
            "Klasse. ",
            "Wow. ",
        ),
        "neutral": (
            "Naja. ",
            "Hm. ",
            "Joa. ",
            "Kurz gesagt: ",
            "Also: ",
        ),
    },
}

CLOSERS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "negative": (
            "Not happy.",
            "Really disappointing.",
            "Please sort this out.",
            "I expected better.",
            "Won't be ordering again.",
            "Very frustrating.",
            "Do better.",
            "Not good enough.",
            "That's not how you treat customers.",
            "Fix this please.",
        ),
        "positive": (
            "Thanks!",
            "Will order again.",
            "Keep it up.",
            "Great job.",
            "Thank you!",
            "Very happy.",
            "Recommended.",
        ),
        "neutral": (
            "Thanks.",
            "That's it.",
            "Nothing more to add.",
            "Cheers.",
        ),
    },
    "de": {
        "negative": (
            "Nicht zufrieden.",
            "Echt enttäuschend.",
            "Bitte klären Sie das.",
            "Ich hatte mehr erwartet.",
            "Hier bestelle ich nicht mehr.",
            "Sehr ärgerlich.",
            "So geht das nicht.",
            "Das geht besser.",
            "So behandelt man keine Kunden.",
            "Bitte ändert das.",
        ),
        "positive": (
            "Danke!",
            "Gerne wieder.",
            "Weiter so!",
            "Top!",
            "Vielen Dank!",
            "Sehr zufrieden.",
            "Klare Empfehlung.",
        ),
        "neutral": (
            "Danke.",
            "Das war's.",
            "Mehr gibt's nicht zu sagen.",
            "Grüße.",
        ),
    },
}

# ---------------------------------------------------------------------------------------
# Complaint scaffolding
# ---------------------------------------------------------------------------------------

# First sentence: the context, chosen from a touchpoint of the first topic.
COMPLAINT_CONTEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "website_order": (
            "On {weekday} I tried to order {a_product} on your website.",
            "I placed an online order for {a_product} last {weekday}.",
            "During Black Friday week I wanted to buy {a_product} from your online shop.",
            "I am writing about my online order #{order_no}.",
        ),
        "delivery": (
            "I ordered {a_product} for home delivery (order #{order_no}).",
            "My order #{order_no} was handed to {carrier} on {weekday}.",
            "I am writing about the delivery of my {product}.",
        ),
        "pickup": (
            "I ordered {a_product} to pick up at your store.",
            "Last {weekday} I came to your shop to get {a_product} I had ordered.",
            "I had reserved {a_product} online, order #{order_no}.",
        ),
        "phone_support": (
            "I called your hotline on {weekday} about my order #{order_no}.",
            "I contacted your support by phone about {a_product} I bought from you.",
            "Last week I called your customer service several times.",
        ),
        "returns": (
            "I returned {a_product} on {weekday} (order #{order_no}).",
            "I am writing about my return for order #{order_no}.",
            "A few weeks ago I sent {a_product} back to you.",
        ),
    },
    "de": {
        "website_order": (
            "Am {weekday} wollte ich auf Ihrer Website {p_ein_acc} bestellen.",
            "Ich habe letzten {weekday} bei Ihnen online {p_ein_acc} bestellt.",
            "In der Black-Friday-Woche wollte ich in Ihrem Onlineshop {p_ein_acc} kaufen.",
            "Es geht um meine Onlinebestellung {order_no}.",
        ),
        "delivery": (
            "Ich habe {p_ein_acc} mit Lieferung nach Hause bestellt (Bestellung {order_no}).",
            "Meine Bestellung {order_no} wurde am {weekday} an {carrier} übergeben.",
            "Es geht um die Lieferung meiner Bestellung {order_no}.",
        ),
        "pickup": (
            "Ich habe {p_ein_acc} zur Abholung in Ihrer Filiale bestellt.",
            "Letzten {weekday} war ich in Ihrem Laden, um meine Bestellung {order_no} zu holen.",
            "Ich hatte online {p_ein_acc} reserviert, Bestellnummer {order_no}.",
        ),
        "phone_support": (
            "Ich habe am {weekday} wegen meiner Bestellung {order_no} bei Ihrer Hotline angerufen.",
            "Ich habe mich telefonisch an Ihren Support gewandt, weil ich Fragen zu "
            "{p_mein_dat} hatte.",
            "Letzte Woche habe ich mehrmals bei Ihrem Kundenservice angerufen.",
        ),
        "returns": (
            "Ich habe am {weekday} {p_ein_acc} zurückgeschickt (Bestellung {order_no}).",
            "Es geht um meine Retoure zur Bestellung {order_no}.",
            "Vor ein paar Wochen habe ich {p_ein_acc} an Sie zurückgeschickt.",
        ),
    },
}

# Lead-in for the second and further topics of a complaint, by the topic's sentiment.
COMPLAINT_CONNECTORS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "negative": (
            "On top of that, ",
            "Also, ",
            "And another thing: ",
            "What's more, ",
            "Besides that, ",
            "To make things worse, ",
        ),
        "positive": ("To be fair, ", "On the plus side, ", "One good thing: "),
        "neutral": ("Otherwise, ", "Apart from that, "),
    },
    "de": {
        "negative": (
            "Dazu kommt: ",
            "Außerdem: ",
            "Und dann noch: ",
            "Was mich auch ärgert: ",
            "Als wäre das nicht genug: ",
            "Noch ein Problem: ",
        ),
        "positive": ("Fairerweise muss ich sagen: ", "Positiv war: ", "Immerhin: "),
        "neutral": ("Ansonsten: ", "Sonst: "),
    },
}

COMPLAINT_SIGNOFFS: dict[str, tuple[str, ...]] = {
    "en": (
        "I look forward to your reply.",
        "Please get back to me by email.",
        "Thank you.",
        "Otherwise I will take this further.",
        "I have been a customer for years, so this really annoys me.",
    ),
    "de": (
        "Ich freue mich auf Ihre Rückmeldung.",
        "Bitte melden Sie sich per E-Mail bei mir.",
        "Danke.",
        "Ansonsten wende ich mich an die Verbraucherzentrale.",
        "Ich bin seit Jahren Kunde bei Ihnen, deshalb ärgert mich das besonders.",
    ),
}

# ---------------------------------------------------------------------------------------
# The founding story (DESIGN.md, "The story it must serve")
# ---------------------------------------------------------------------------------------

FOUNDING: dict[str, str] = {
    "en": (
        "I wanted to order a gaming PC in Black Friday week, but your website only offered "
        "pick-up, no delivery. I have an injured hand and can't carry it. I called support "
        "three times, nobody tried to understand my situation, and the last agent was rude "
        "to me. I bought it somewhere else."
    ),
    "de": (
        "Ich wollte in der Black-Friday-Woche einen Gaming-PC bestellen, aber auf Ihrer "
        "Website wurde nur Abholung angeboten, keine Lieferung. Ich habe eine verletzte Hand "
        "und kann den PC nicht tragen. Ich habe dreimal beim Support angerufen, niemand hat "
        "versucht, meine Situation zu verstehen, und der letzte Mitarbeiter war unfreundlich. "
        "Gekauft habe ich jetzt woanders."
    ),
}

# ---------------------------------------------------------------------------------------
# Topic phrases
# ---------------------------------------------------------------------------------------

PHRASES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    # -- negative ------------------------------------------------------------------------
    "delivery_options_missing": {
        "en": {
            "core": (
                "Your website only offered pick-up for {the_pc}, no home delivery at all.",
                "There was no delivery option at checkout, only collection in store.",
                "I wanted {a_pc} delivered but the only choice was pick-up.",
                "Why can't I get {the_pc} delivered to my home?",
                "Pick-up only during Black Friday week, seriously?",
                "I can't carry {a_pc} home, so pick-up only was useless for me.",
                "No home delivery for {the_pc}, only click and collect at the store.",
                "I have no car and the site only let me choose pick-up.",
                "Shipping wasn't offered for {the_pc}, just 'collect in store'.",
                "The delivery option was greyed out, pick-up was the only thing I could select.",
                "I'm disabled and can't lift {a_pc}, but delivery simply wasn't available.",
                "Because it was pick-up only in Black Friday week I couldn't buy {the_pc} at all.",
                "Please offer home delivery for big items, pick-up only doesn't work for everyone.",
                "I live 80 km from the store and pick-up was the only option.",
                "With my arm in a cast I can't collect {a_pc}, and there was no delivery option.",
                "Delivery to my address was not possible, the site said pick-up only.",
            ),
            "detail": (
                "I have an injured hand and can't carry a heavy box.",
                "The store is an hour away for me by train.",
                "I would have happily paid for shipping.",
                "I ended up ordering from another shop that delivers.",
                "Other shops deliver PCs without any problem.",
                "It's a 15 kg tower, how am I supposed to get that on the bus?",
                "There wasn't even a note explaining why.",
            ),
            "short": (
                "Pick-up only?!",
                "No delivery option. Why??",
                "no home delivery, only pick-up.",
                "Only pick-up, no delivery!!",
            ),
            "expect": (
                "Please offer home delivery for PCs, at least during Black Friday week.",
                "I expect you to deliver large items like any other shop does.",
                "I would like to know why delivery wasn't possible.",
            ),
        },
        "de": {
            "core": (
                "Auf der Website wurde für {pc_acc} nur Abholung angeboten, keine Lieferung.",
                "Beim Bestellen gab es keine Lieferoption, nur Abholung im Laden.",
                "Ich wollte mir {pc_ein_acc} liefern lassen, aber es ging nur Abholung.",
                "Warum kann man sich {pc_acc} nicht nach Hause liefern lassen?",
                "Nur Abholung in der Black-Friday-Woche, echt jetzt?",
                "Ich kann {pc_ein_acc} nicht tragen, also bringt mir Abholung gar nichts.",
                "Keine Lieferung nach Hause möglich, nur Click & Collect im Laden.",
                "Ich habe kein Auto und im Shop konnte ich nur Abholung auswählen.",
                "Versand wurde für {pc_acc} gar nicht angeboten, nur Selbstabholung.",
                "Die Option Lieferung war ausgegraut, man konnte nur Abholung wählen.",
                "Ich bin körperlich eingeschränkt und kann {pc_acc} nicht heben, aber Lieferung "
                "gab es einfach nicht.",
                "Weil es in der Black-Friday-Woche nur Abholung gab, konnte ich {pc_acc} gar "
                "nicht kaufen.",
                "Bietet bitte auch Lieferung für große Sachen an, nur Abholung passt nicht für "
                "jeden.",
                "Ich wohne 80 km vom Laden entfernt und Abholung war die einzige Möglichkeit.",
                "Mit Gipsarm kann ich {pc_ein_acc} nicht abholen, und eine Lieferung war nicht "
                "möglich.",
                "Eine Lieferung an meine Adresse ging nicht, angeblich nur Abholung.",
            ),
            "detail": (
                "Ich habe eine verletzte Hand und kann keinen schweren Karton tragen.",
                "Der Laden ist für mich eine Stunde mit der Bahn entfernt.",
                "Ich hätte gerne für den Versand bezahlt.",
                "Am Ende habe ich bei einem anderen Shop bestellt, der liefert.",
                "Andere Shops liefern PCs problemlos nach Hause.",
                "Das ist ein 15-kg-Tower, wie soll ich den im Bus transportieren?",
                "Es gab nicht mal einen Hinweis, warum.",
            ),
            "short": (
                "Keine Lieferung möglich?!",
                "Nur Abholung?? Echt jetzt.",
                "nur abholung, keine lieferung.",
                "Warum keine Lieferung?!",
            ),
            "expect": (
                "Bitte bieten Sie zumindest in der Black-Friday-Woche Lieferung für PCs an.",
                "Ich erwarte, dass Sie große Artikel liefern, wie jeder andere Shop auch.",
                "Ich möchte wissen, warum keine Lieferung möglich war.",
            ),
        },
    },
    "staff_rude": {
        "en": {
            "core": (
                "{agent} was really rude to me.",
                "{agent} was unbelievably rude and talked down to me.",
                "I was treated like an idiot by {agent}.",
                "{agent} was dismissive and basically told me it's not their problem.",
                "Very impolite service, {agent} sighed and interrupted me the whole time.",
                "{agent} hung up on me mid-sentence.",
                "{agent} laughed at my question, which I found really disrespectful.",
                "The tone was condescending from start to finish.",
                "{agent} snapped at me when I asked for a manager.",
                "Nobody should be spoken to like that, {agent} was completely out of line.",
                "{agent} was rude and made it clear they couldn't care less.",
                "All I got from {agent} was a rude 'that's just how it is'.",
                "{agent} rolled their eyes and said I should have read the terms.",
                "Unfriendly, impatient and sarcastic, that sums up {agent}.",
                "{agent} raised their voice at me, totally unprofessional.",
                "Honestly the rudest customer service I have had in years.",
            ),
            "detail": (
                "I was polite the whole time.",
                "I only asked a simple question.",
                "I've never been spoken to like that by a shop.",
                "To be honest I felt humiliated.",
                "The last person I spoke to was the worst.",
                "My partner heard the call and was shocked too.",
            ),
            "short": (
                "rude agent.",
                "Rude, rude, rude.",
                "Very unfriendly staff!!",
                "the agent was rude. that's all.",
            ),
            "expect": (
                "I expect an apology.",
                "Please talk to the person concerned.",
                "I would like a manager to contact me about this.",
            ),
        },
        "de": {
            "core": (
                "{agent_nom} war total unfreundlich zu mir.",
                "{agent_nom} war unglaublich unhöflich und hat von oben herab mit mir geredet.",
                "{agent_nom} hat mich behandelt wie einen Idioten.",
                "{agent_nom} war abweisend und meinte nur, das sei nicht {agent_sein} Problem.",
                "Sehr unhöflicher Service, {agent_nom} hat die ganze Zeit geseufzt und mich "
                "unterbrochen.",
                "{agent_nom} hat einfach mitten im Satz aufgelegt.",
                "{agent_nom} hat über meine Frage gelacht, das fand ich respektlos.",
                "Der Ton war von Anfang bis Ende herablassend.",
                "Als ich nach einem Vorgesetzten gefragt habe, wurde {agent_nom} richtig pampig.",
                "So redet man nicht mit Kunden, {agent_nom} hat sich völlig im Ton vergriffen.",
                "{agent_nom} war unfreundlich und hat deutlich gezeigt, dass {agent_er} keine "
                "Lust hat.",
                "Mehr als ein patziges „Ist halt so“ kam von {agent_dat} nicht.",
                "{agent_nom} hat mit den Augen gerollt und gesagt, ich hätte halt die AGB lesen "
                "sollen.",
                "Unfreundlich, ungeduldig und schnippisch, so war {agent_nom}.",
                "{agent_nom} ist laut geworden, völlig unprofessionell.",
                "So einen unfreundlichen Kundenservice hatte ich seit Jahren nicht.",
                "Bringen Sie Ihren Leuten bitte bei, wie man höflich mit Kunden umgeht.",
            ),
            "detail": (
                "Ich war die ganze Zeit höflich.",
                "Ich hatte nur eine einfache Frage.",
                "So hat noch kein Shop mit mir geredet.",
                "Ehrlich gesagt habe ich mich gedemütigt gefühlt.",
                "Am schlimmsten war die letzte Person, mit der ich gesprochen habe.",
                "Mein Partner hat das Gespräch mitgehört und war auch schockiert.",
            ),
            "short": (
                "Der Mitarbeiter war unfreundlich.",
                "Sehr unfreundlich!!",
                "die mitarbeiterin war unhöflich.",
                "Unfreundlich und pampig, echt jetzt.",
            ),
            "expect": (
                "Ich erwarte eine Entschuldigung.",
                "Bitte sprechen Sie mit der betreffenden Person.",
                "Ich möchte, dass sich eine Führungskraft bei mir meldet.",
            ),
        },
    },
    "staff_not_listening": {
        "en": {
            "core": (
                "Nobody actually tried to understand my problem.",
                "I explained my situation three times and still got the same scripted answer.",
                "I was transferred {n_calls} times and had to start from scratch every time.",
                "It felt like talking to a script, not a person.",
                "{agent} didn't listen, just kept reading out the standard terms.",
                "Every answer was copy-paste and had nothing to do with my question.",
                "I kept getting passed from one department to the next and nobody took ownership.",
                "They wouldn't even let me finish explaining before giving me a canned reply.",
                "My question was simple but nobody bothered to listen.",
                "{agent} kept saying 'I understand' but clearly didn't.",
                "Nobody asked what I actually needed, they just pushed their standard process.",
                "I got bounced between the hotline and the store and nobody felt responsible.",
                "I asked for an exception because of my situation and just heard 'the system "
                "doesn't allow it'.",
                "Three different people, three different answers, and none of them listened.",
                "The email replies were clearly templates that ignored what I wrote.",
                "I had to repeat my order number and my whole story to every new person.",
            ),
            "detail": (
                "I just needed someone to think for a second.",
                "My situation was a bit unusual, but that shouldn't be a problem.",
                "In the end I gave up and bought elsewhere.",
                "Each time I had to explain everything from the beginning.",
                "It felt like nobody was allowed to make a decision.",
            ),
            "short": (
                "nobody listens.",
                "Scripted answers, no help.",
                "Transferred around for nothing!!",
                "No one tried to understand.",
            ),
            "expect": (
                "I would like one person to take care of my case from start to finish.",
                "Please call me back and actually listen this time.",
            ),
        },
        "de": {
            "core": (
                "Niemand hat wirklich versucht, mein Problem zu verstehen.",
                "Ich habe meine Situation dreimal erklärt und trotzdem immer die gleiche "
                "Standardantwort bekommen.",
                "Ich wurde {n_mal} weiterverbunden und musste jedes Mal von vorne anfangen.",
                "Es war, als würde ich mit einem Skript reden und nicht mit einem Menschen.",
                "{agent_nom} hat gar nicht zugehört und nur die Standardbedingungen runtergelesen.",
                "Jede Antwort war Copy-Paste und hatte nichts mit meiner Frage zu tun.",
                "Ich wurde von einer Abteilung zur nächsten geschoben und keiner fühlte sich "
                "zuständig.",
                "Man hat mich nicht mal ausreden lassen, bevor die nächste Standardantwort kam.",
                "Meine Frage war simpel, aber keiner hat sich die Mühe gemacht zuzuhören.",
                "{agent_nom} sagte ständig „Ich verstehe“, hat aber offensichtlich nichts "
                "verstanden.",
                "Keiner hat gefragt, was ich eigentlich brauche, es wurde nur der "
                "Standardprozess abgespult.",
                "Ich wurde zwischen Hotline und Filiale hin- und hergeschickt, zuständig war "
                "niemand.",
                "Ich habe wegen meiner Situation um eine Ausnahme gebeten und nur gehört, das "
                "System lasse das nicht zu.",
                "Drei verschiedene Leute, drei verschiedene Antworten, und keiner hat richtig "
                "zugehört.",
                "Die Antworten per E-Mail waren offensichtlich Textbausteine, auf mein Anliegen "
                "ist niemand eingegangen.",
                "Ich musste meine Bestellnummer und die ganze Geschichte jedem neuen "
                "Ansprechpartner nochmal erzählen.",
            ),
            "detail": (
                "Ich hätte nur jemanden gebraucht, der kurz mitdenkt.",
                "Meine Situation war etwas besonders, aber das sollte doch kein Problem sein.",
                "Am Ende habe ich aufgegeben und woanders gekauft.",
                "Jedes Mal musste ich alles von vorne erklären.",
                "Es wirkte, als dürfte niemand selbst etwas entscheiden.",
            ),
            "short": (
                "Keiner hört zu.",
                "Nur Textbausteine, keine Hilfe.",
                "Ständig weiterverbunden, null Hilfe!!",
                "Niemand wollte mich verstehen.",
            ),
            "expect": (
                "Ich möchte einen festen Ansprechpartner für meinen Fall.",
                "Bitte rufen Sie mich zurück und hören Sie diesmal wirklich zu.",
            ),
        },
    },
    "phone_wait_time": {
        "en": {
            "core": (
                "I was on hold for {wait} before anyone picked up.",
                "Your hotline is basically unreachable, I tried {n_calls} times.",
                "{wait} in the queue just to ask a simple question.",
                "The line was busy all {weekday} morning.",
                "After {wait} of hold music the call just dropped.",
                "I waited {wait} on the phone and then got told to call back later.",
                "Nobody answers the phone, it just rings out.",
                "The callback I was promised never came, so I had to queue again.",
                "The automated message kept saying 'high call volume' for {wait}.",
                "It took me {n_calls} attempts and {days} to reach a human on the phone.",
                "Waiting {wait} on hold for a simple order question is not acceptable.",
                "The hotline closes at 6 and before that you're stuck in the queue forever.",
                "I spent my whole lunch break in your phone queue.",
                "The phone announcement said the wait was 5 minutes, in reality it was {wait}.",
                "Hotline permanently busy, I gave up after {n_calls} tries.",
                "Why does it take {wait} to get through to support on the phone?",
            ),
            "detail": (
                "I had to go back to work without an answer.",
                "The hold music is a 30-second loop, it drives you mad.",
                "The chat wasn't available either.",
                "There's no option to leave a callback number.",
                "And that on a paid phone number.",
            ),
            "short": (
                "Hotline unreachable.",
                "45 min on hold!!",
                "way too long on hold",
                "Waiting forever on the phone.",
            ),
            "expect": (
                "Please offer a callback service.",
                "You need more staff on the hotline.",
            ),
        },
        "de": {
            "core": (
                "Ich hing {wait} in der Warteschleife, bis jemand rangegangen ist.",
                "Die Hotline ist praktisch nicht erreichbar, ich habe es {n_mal} versucht.",
                "{wait} Warteschleife für eine simple Frage.",
                "Am {weekday}vormittag war die Leitung durchgehend besetzt.",
                "Nach {wait_dat} Warteschleifenmusik ist das Gespräch einfach abgebrochen.",
                "Ich habe {wait} am Telefon gewartet und dann hieß es, ich soll später nochmal "
                "anrufen.",
                "Da geht einfach keiner ans Telefon.",
                "Der versprochene Rückruf kam nie, also wieder ab in die Warteschleife.",
                "Die Ansage „hohes Anrufaufkommen“ lief {wait} lang in Dauerschleife.",
                "Ich habe es {days} lang telefonisch versucht, bis ich endlich einen Menschen "
                "erreicht habe.",
                "{wait} in der Warteschleife ist für einen Kundenservice einfach inakzeptabel.",
                "Die Hotline ist nur bis 18 Uhr besetzt und davor hängt man ewig in der "
                "Warteschleife.",
                "Ich habe meine komplette Mittagspause in Ihrer Warteschleife verbracht.",
                "Laut Ansage sollte die Wartezeit 5 Minuten betragen, gedauert hat es {wait}.",
                "Hotline dauerbesetzt, nach {n} Versuchen habe ich aufgegeben.",
                "Warum dauert es {wait}, bis man telefonisch beim Support durchkommt?",
                "Man kommt telefonisch einfach nicht durch.",
            ),
            "detail": (
                "Ich musste ohne Antwort zurück an die Arbeit.",
                "Die Warteschleifenmusik ist eine 30-Sekunden-Schleife, da wird man wahnsinnig.",
                "Der Chat war auch nicht erreichbar.",
                "Eine Rückruf-Option gibt es nicht.",
                "Und das bei einer kostenpflichtigen Nummer.",
            ),
            "short": (
                "Hotline nicht erreichbar.",
                "45 Min in der Warteschleife!!",
                "viel zu lange warteschleife",
                "Ewig in der Warteschleife gehangen.",
            ),
            "expect": (
                "Bitte bieten Sie einen Rückrufservice an.",
                "Sie brauchen dringend mehr Leute an der Hotline.",
            ),
        },
    },
    "delivery_late": {
        "en": {
            "core": (
                "{the_product} arrived {days} late.",
                "Delivery was promised for {weekday} and it turned up {days} later.",
                "The estimated delivery date kept moving, I waited {weeks} in total.",
                "Tracking said 'out for delivery' three days in a row and nothing came.",
                "I took a day off for the delivery and nobody showed up.",
                "It was supposed to be next-day delivery, it took {days}.",
                "{carrier} had my parcel sitting in a depot for {days}.",
                "The order was marked as shipped but didn't leave your warehouse for days.",
                "I needed {the_product} for work on {weekday}, it came way too late.",
                "Still waiting for my order, {days} past the delivery date.",
                "The delivery slot was 8 to 12, the driver came at 7 pm.",
                "Ordered before the cut-off and it still took {days} longer than stated.",
                "My Christmas present was delivered after Christmas, thanks for nothing.",
                "Nobody told me about the delay, I had to chase the delivery myself.",
                "The parcel was stuck 'in transit' with {carrier} for {days}.",
                "Late delivery again, that's the second time this year.",
            ),
            "detail": (
                "Nobody sent a single update.",
                "I had to work on my old laptop for another week.",
                "The tracking link just said 'label created' for days.",
                "Nobody could tell me where it was either.",
                "It was meant to be a present.",
            ),
            "short": (
                "Late delivery.",
                "way too late!!",
                "Delivery late again.",
                "still waiting for my PC",
            ),
            "expect": (
                "I would like a refund of the express shipping fee.",
                "Please tell me when it will actually arrive.",
            ),
        },
        "de": {
            "core": (
                "{p_nom} kam {days} zu spät an.",
                "Die Lieferung war für {weekday} angekündigt und kam dann {days} später.",
                "Der voraussichtliche Liefertermin wurde ständig verschoben, insgesamt habe ich "
                "{weeks} gewartet.",
                "Im Tracking stand drei Tage hintereinander „in Zustellung“, gekommen ist nichts.",
                "Ich habe mir für die Lieferung extra freigenommen und es kam niemand.",
                "Angeblich Lieferung am nächsten Tag, gedauert hat es {days}.",
                "Mein Paket lag {days} bei {carrier} im Depot.",
                "Die Bestellung stand auf „versandt“, hat das Lager aber tagelang nicht verlassen.",
                "Ich brauchte {p_acc} am {weekday} für die Arbeit, {p_er} kam viel zu spät.",
                "Ich warte immer noch auf meine Lieferung, {days} nach dem Liefertermin.",
                "Lieferfenster war 8 bis 12 Uhr, der Fahrer kam um 19 Uhr.",
                "Vor Bestellschluss bestellt und trotzdem hat die Lieferung {days} länger als "
                "angegeben gedauert.",
                "Mein Weihnachtsgeschenk wurde nach Weihnachten geliefert, danke für nichts.",
                "Über die Verzögerung hat mich keiner informiert, ich musste der Lieferung "
                "selbst hinterhertelefonieren.",
                "Die Sendung steckte {days} lang bei {carrier} fest.",
                "Schon wieder eine verspätete Lieferung, das zweite Mal dieses Jahr.",
            ),
            "detail": (
                "Es kam kein einziges Update.",
                "Ich musste noch eine Woche mit dem alten Laptop arbeiten.",
                "Im Tracking stand tagelang nur „Sendungsdaten übermittelt“.",
                "Wo das Paket war, konnte mir auch keiner sagen.",
                "Das sollte ein Geschenk sein.",
            ),
            "short": (
                "Lieferung zu spät.",
                "Viel zu spät geliefert!!",
                "wieder zu spät",
                "Warte immer noch auf die Lieferung.",
            ),
            "expect": (
                "Ich möchte die Kosten für den Expressversand zurück.",
                "Bitte sagen Sie mir, wann die Lieferung wirklich kommt.",
            ),
        },
    },
    "delivery_damaged": {
        "en": {
            "core": (
                "The box arrived crushed on one corner.",
                "Parts were rattling around inside {the_pc} when I unpacked it.",
                "The graphics card had come loose in transit and was lying in the case.",
                "{the_product} arrived with a big scratch across the front.",
                "The packaging was torn open and taped back together.",
                "The CPU cooler had broken off its mount during transport.",
                "There was almost no padding in the box, no wonder {the_product} got damaged.",
                "The glass side panel was shattered when the parcel arrived.",
                "{carrier} obviously dropped the box, one corner was completely smashed.",
                "The RAM sticks had come out of their slots in transit.",
                "The screen had a crack in the corner when I unpacked it.",
                "The box was soaking wet and the corners were crushed.",
                "The case was dented and the front panel clips were broken.",
                "Loose screws everywhere in the case and a cable had been ripped out.",
                "The outer box looked fine but {the_product} inside was damaged.",
                "I had to refuse the parcel because the box was so badly damaged.",
            ),
            "detail": (
                "I took photos of the box.",
                "I didn't even dare to switch it on.",
                "The driver just left it on the doorstep and drove off.",
                "Now I have to wait again for a replacement.",
                "For this price I expect proper packaging.",
            ),
            "short": (
                "Arrived damaged.",
                "box crushed, parts loose",
                "Damaged on arrival!!",
                "It was broken in transit.",
            ),
            "expect": (
                "Please send a replacement as soon as possible.",
                "I expect a free replacement and for you to collect the damaged one.",
            ),
        },
        "de": {
            "core": (
                "Der Karton kam an einer Ecke total zerdrückt an.",
                "Beim Auspacken klapperten lose Teile im Gehäuse herum.",
                "Die Grafikkarte hatte sich beim Transport gelöst und lag lose im Gehäuse.",
                "{p_nom} hatte einen dicken Kratzer auf der Front.",
                "Die Verpackung war aufgerissen und notdürftig wieder zugeklebt.",
                "Der CPU-Kühler war während des Transports abgebrochen.",
                "Im Karton war kaum Polsterung, kein Wunder, dass {p_nom} beschädigt ankam.",
                "Das Glas-Seitenteil war beim Auspacken komplett zersplittert.",
                "{carrier} hat den Karton offensichtlich fallen lassen, eine Ecke war völlig "
                "eingedrückt.",
                "Die RAM-Riegel waren beim Transport aus den Steckplätzen gerutscht.",
                "Das Display hatte beim Auspacken einen Riss in der Ecke.",
                "Der Karton war durchnässt und an den Ecken eingedrückt.",
                "Das Gehäuse hatte eine Delle und die Klammern der Frontblende waren abgebrochen.",
                "Überall lose Schrauben im Gehäuse, und ein Kabel war rausgerissen.",
                "Der Außenkarton sah okay aus, aber {p_nom} darin war beschädigt.",
                "Ich musste die Annahme verweigern, weil das Paket so stark beschädigt war.",
                "Es kam beschädigt an, die USB-Anschlüsse vorne waren verbogen.",
            ),
            "detail": (
                "Fotos vom Karton habe ich gemacht.",
                "Ich habe mich nicht mal getraut, das Ding einzuschalten.",
                "Der Fahrer hat das Paket einfach vor die Tür gestellt und ist weg.",
                "Jetzt muss ich wieder auf Ersatz warten.",
                "Bei dem Preis erwarte ich eine ordentliche Verpackung.",
            ),
            "short": (
                "Ist beschädigt angekommen.",
                "Karton kaputt, Teile lose im Gehäuse.",
                "Kaputt geliefert, echt jetzt!!",
                "Schon wieder ein Transportschaden.",
            ),
            "expect": (
                "Bitte schicken Sie mir so schnell wie möglich Ersatz.",
                "Ich erwarte kostenlosen Ersatz und dass Sie die beschädigte Ware abholen.",
            ),
        },
    },
    "refund_slow": {
        "en": {
            "core": (
                "I sent {the_product} back {weeks} ago and I'm still waiting for my money.",
                "The refund has taken {weeks} so far, which is ridiculous.",
                "You confirmed receipt of the return on {weekday} but there's no refund yet.",
                "{price} is a lot of money to have tied up for weeks, please refund it.",
                "Every time I ask about the refund I'm told it's 'being processed'.",
                "Taking the money was instant, giving it back takes forever.",
                "The refund was supposed to take 14 days, it's been {weeks}.",
                "I had to chase the refund {n_calls} times before anything happened.",
                "Still no refund and no reply to my emails.",
                "The return was accepted weeks ago but the money never showed up on my card.",
                "You sent me a voucher instead of the refund I asked for.",
                "Only part of the money was refunded, the shipping costs are still missing.",
                "My PayPal refund has been 'pending' for {weeks}.",
                "I got an email saying the refund was issued, but nothing arrived.",
                "Waiting {weeks} for my own money back is not okay.",
                "The refund took so long that I nearly got a lawyer involved.",
            ),
            "detail": (
                "My bank says nothing has been initiated.",
                "I need that money, it's not a small amount.",
                "Nobody replies to my emails about it.",
                "The tracking shows you received the parcel on {weekday}.",
            ),
            "short": (
                "Still no refund.",
                "where is my money??",
                "Refund way too slow.",
                "Refund takes weeks!!",
            ),
            "expect": (
                "Please refund me within the next 7 days.",
                "I want my money back this week.",
            ),
        },
        "de": {
            "core": (
                "Ich habe {p_acc} vor {weeks_dat} zurückgeschickt und warte immer noch auf mein "
                "Geld.",
                "Die Erstattung dauert jetzt schon {weeks}, das ist lächerlich.",
                "Sie haben den Eingang der Rücksendung am {weekday} bestätigt, aber Geld kam "
                "bisher keins.",
                "{price} sind eine Menge Geld, die seit Wochen bei Ihnen festhängen.",
                "Jedes Mal, wenn ich nach der Rückerstattung frage, heißt es, sie sei „in "
                "Bearbeitung“.",
                "Abbuchen ging sofort, das Geld zurückzahlen dauert ewig.",
                "Die Erstattung sollte 14 Tage dauern, ich warte jetzt schon {weeks}.",
                "Ich musste {n_mal} nachhaken, bevor sich bei der Erstattung überhaupt was getan "
                "hat.",
                "Immer noch keine Rückerstattung und keine Antwort auf meine E-Mails.",
                "Die Retoure wurde vor Wochen angenommen, aber das Geld ist nie auf meiner Karte "
                "angekommen.",
                "Statt der Erstattung, um die ich gebeten hatte, habe ich einen Gutschein "
                "bekommen.",
                "Es wurde nur ein Teil erstattet, die Versandkosten fehlen immer noch.",
                "Meine PayPal-Erstattung steht seit {weeks_dat} auf „ausstehend“.",
                "Laut E-Mail wurde die Erstattung veranlasst, angekommen ist nichts.",
                "{weeks} auf mein eigenes Geld zu warten, ist nicht in Ordnung.",
                "Die Rückzahlung hat so lange gedauert, dass ich fast einen Anwalt eingeschaltet "
                "hätte.",
            ),
            "detail": (
                "Meine Bank sagt, es wurde nichts veranlasst.",
                "Ich brauche das Geld, das ist kein kleiner Betrag.",
                "Auf meine E-Mails dazu antwortet niemand.",
                "Laut Sendungsverfolgung haben Sie das Paket am {weekday} erhalten.",
            ),
            "short": (
                "Immer noch keine Erstattung.",
                "wo bleibt mein geld??",
                "Rückerstattung dauert ewig!!",
                "Erstattung viel zu langsam.",
            ),
            "expect": (
                "Bitte erstatten Sie mir den Betrag innerhalb der nächsten 7 Tage.",
                "Ich will mein Geld diese Woche zurück.",
            ),
        },
    },
    "return_process_confusing": {
        "en": {
            "core": (
                "The returns process on the website is really confusing.",
                "I couldn't find where to print the return label.",
                "The return form kept asking for an RMA number I never received.",
                "Nobody could tell me whether to send {the_product} back to the store or to the "
                "warehouse.",
                "The return instructions in the email contradicted the ones on the website.",
                "I had to fill in the same return form twice because the first one just vanished.",
                "It's not clear at all whether I can return {the_product} in store.",
                "The returns portal wouldn't accept my order number.",
                "I had no idea which return reason to pick, none of the options fit.",
                "The return label said {carrier} but the instructions named a different carrier.",
                "Nobody could tell me if I need the original box for the return, I got three "
                "different answers.",
                "The return status page shows 'unknown' and nobody can explain it.",
                "Returning a faulty part should not require a 10-step form.",
                "I was told to open a ticket, then to call, then to use the returns portal, "
                "it's a maze.",
                "The returns policy is so vague I still don't know if I get a full refund.",
                "It took me {wait} just to figure out how to send it back.",
            ),
            "detail": (
                "I'm not exactly new to online shopping either.",
                "The FAQ just links back to the same page.",
                "In the end I had to call to get it sorted.",
                "A simple step-by-step guide would help a lot.",
            ),
            "short": (
                "Returns process is a mess.",
                "confusing return form",
                "How do I even return this??",
                "The return process is way too complicated.",
            ),
            "expect": (
                "Please tell me clearly what I need to do.",
                "Please make the returns process simpler.",
            ),
        },
        "de": {
            "core": (
                "Der Rücksendeprozess auf der Website ist total verwirrend.",
                "Ich habe nicht gefunden, wo man das Retourenlabel ausdrucken kann.",
                "Das Retourenformular wollte eine RMA-Nummer, die ich nie bekommen habe.",
                "Keiner konnte mir sagen, ob ich {p_acc} zur Rücksendung in die Filiale oder ans "
                "Lager schicken soll.",
                "Die Anleitung zur Rücksendung in der E-Mail widerspricht der auf der Website.",
                "Ich musste das Rücksendeformular zweimal ausfüllen, weil das erste einfach "
                "verschwunden ist.",
                "Es ist überhaupt nicht klar, ob ich {p_acc} im Laden zurückgeben kann.",
                "Das Retourenportal hat meine Bestellnummer nicht akzeptiert.",
                "Ich wusste nicht, welchen Rücksendegrund ich wählen soll, keiner passte.",
                "Auf dem Retourenlabel stand {carrier}, in der Anleitung aber ein anderer "
                "Paketdienst.",
                "Ob ich für die Retoure die Originalverpackung brauche, dazu gab es drei "
                "verschiedene Antworten.",
                "Auf der Statusseite der Retoure steht „unbekannt“ und niemand kann mir das "
                "erklären.",
                "Für die Rücksendung eines defekten Teils sollte man kein Formular mit zehn "
                "Schritten brauchen.",
                "Erst hieß es Ticket aufmachen, dann anrufen, dann doch das Retourenportal "
                "benutzen, ein einziges Chaos.",
                "Die Rückgabebedingungen sind so schwammig, dass ich immer noch nicht weiß, ob "
                "ich den vollen Betrag zurückbekomme.",
                "Ich habe {wait} gebraucht, nur um herauszufinden, wie die Rücksendung "
                "funktioniert.",
            ),
            "detail": (
                "Und ich bestelle wirklich nicht zum ersten Mal online.",
                "Die FAQ verlinkt nur wieder auf dieselbe Seite.",
                "Am Ende musste ich anrufen, damit es geklappt hat.",
                "Eine einfache Schritt-für-Schritt-Anleitung würde viel helfen.",
            ),
            "short": (
                "Die Retoure ist ein Chaos.",
                "das rücksendeformular ist verwirrend",
                "Wie schickt man das denn zurück??",
                "Rücksendung viel zu kompliziert.",
            ),
            "expect": (
                "Bitte sagen Sie mir klar, was ich tun muss.",
                "Bitte machen Sie die Rückgabe einfacher.",
            ),
        },
    },
    "checkout_error": {
        "en": {
            "core": (
                "Payment failed three times at checkout and my card is fine.",
                "The voucher code {voucher} was not accepted even though it was valid.",
                "The site crashed right when I clicked 'buy now'.",
                "I got charged but the order never showed up in my account.",
                "Checkout kept throwing an error page on the last step.",
                "At checkout PayPal just kept loading and loading, I gave up.",
                "My basket emptied itself when I tried to log in at checkout.",
                "The website was down for most of Black Friday, I couldn't place my order.",
                "It said 'session expired' every time I entered my address at checkout.",
                "The discount disappeared from the basket on the payment page.",
                "I was charged twice because the payment confirmation page froze.",
                "Card payment is broken on mobile, I had to switch to my computer.",
                "The postcode field at checkout refused my perfectly valid address.",
                "Klarna was offered but then the payment failed with an unknown error.",
                "I spent {wait} trying to complete the order because the site kept timing out.",
                "The code {voucher} said 'not applicable to this item' with no explanation.",
            ),
            "detail": (
                "I tried on my phone and on my laptop, same result.",
                "By the time it worked, the deal was gone.",
                "Nobody on the hotline knew about the problem.",
                "I almost gave up and ordered elsewhere.",
            ),
            "short": (
                "Checkout broken.",
                "Payment failed again!!",
                "voucher not accepted",
                "The site crashed at checkout.",
            ),
            "expect": (
                "Please honour the price I tried to order at.",
                "Please fix the checkout and confirm my order.",
            ),
        },
        "de": {
            "core": (
                "Die Zahlung ist an der Kasse dreimal fehlgeschlagen, obwohl mit meiner Karte "
                "alles in Ordnung ist.",
                "Der Gutscheincode {voucher} wurde nicht akzeptiert, obwohl er gültig war.",
                "Die Seite ist genau beim Klick auf „Jetzt kaufen“ abgestürzt.",
                "Mir wurde Geld abgebucht, aber die Bestellung taucht in meinem Konto nicht auf.",
                "Im letzten Schritt der Bestellung kam immer wieder eine Fehlerseite.",
                "Beim Bezahlen hat PayPal nur geladen und geladen, irgendwann habe ich aufgegeben.",
                "Mein Warenkorb hat sich geleert, als ich mich an der Kasse einloggen wollte.",
                "Die Website war am Black Friday die meiste Zeit down, bestellen ging nicht.",
                "Bei jeder Eingabe der Adresse an der Kasse kam „Sitzung abgelaufen“.",
                "Der Rabatt ist auf der Zahlungsseite einfach aus dem Warenkorb verschwunden.",
                "Mir wurde doppelt abgebucht, weil die Bestätigungsseite der Zahlung hängen "
                "geblieben ist.",
                "Kartenzahlung funktioniert auf dem Handy nicht, ich musste an den Rechner "
                "wechseln.",
                "Das PLZ-Feld an der Kasse hat meine völlig korrekte Adresse abgelehnt.",
                "Klarna wurde angeboten, die Zahlung ist dann aber mit einem unbekannten Fehler "
                "abgebrochen.",
                "Ich habe {wait} gebraucht, um die Bestellung abzuschließen, weil die Seite "
                "ständig ein Timeout hatte.",
                "Beim Code {voucher} hieß es nur „für diesen Artikel nicht gültig“, ohne "
                "Erklärung.",
            ),
            "detail": (
                "Ich habe es am Handy und am Laptop probiert, gleiches Ergebnis.",
                "Als es endlich ging, war das Angebot weg.",
                "An der Hotline wusste niemand von dem Problem.",
                "Ich hätte fast aufgegeben und woanders bestellt.",
            ),
            "short": (
                "Die Kasse ist kaputt.",
                "Zahlung schon wieder fehlgeschlagen!!",
                "gutschein wird nicht akzeptiert",
                "Seite ist beim Bezahlen abgestürzt.",
            ),
            "expect": (
                "Bitte gewähren Sie mir den Preis, zu dem ich bestellen wollte.",
                "Bitte reparieren Sie die Kasse und bestätigen Sie meine Bestellung.",
            ),
        },
    },
    "stock_wrong": {
        "en": {
            "core": (
                "The website said {the_product} was in stock, but it wasn't.",
                "I went to the store and they told me the item was never in stock there.",
                "Listed as 'available immediately', then a week later I got a cancellation.",
                "Two days after ordering I got an email that {the_product} is out of stock after "
                "all.",
                "The stock indicator on the product page is completely unreliable.",
                "Green 'in stock' on the site, 'delivery in 4–6 weeks' after payment.",
                "The store had a different model from the one shown as available online.",
                "I paid for {a_product} that was supposedly in stock and now it's backordered.",
                "Your site showed 12 units in stock at my local store, there were zero.",
                "The order was cancelled because of 'stock discrepancies'.",
                "Don't show items as in stock if you don't actually have them.",
                "I chose this shop because {the_product} was in stock, turns out it wasn't.",
                "The availability changed from 'in stock' to 'unknown' after I had paid.",
                "Only at the counter did they tell me the stock number online was wrong.",
                "The product page still says in stock even though I was told it's sold out.",
                "Half my order was out of stock despite the website saying otherwise.",
            ),
            "detail": (
                "I had even taken the afternoon off.",
                "Now I have to wait another two weeks.",
                "I could have ordered it somewhere else in time.",
                "Nobody apologised.",
            ),
            "short": (
                "Not actually in stock.",
                "stock info wrong",
                "In stock?? Not really.",
                "Wrong stock info again!!",
            ),
            "expect": (
                "I expect the price to be honoured once it's back in stock.",
                "Please keep your stock information up to date.",
            ),
        },
        "de": {
            "core": (
                "Auf der Website stand, {p_nom} sei auf Lager, war {p_er} aber nicht.",
                "Ich bin extra in den Laden gefahren und dort hieß es, der Artikel war nie auf "
                "Lager.",
                "Als „sofort lieferbar“ angezeigt, eine Woche später kam die Stornierung.",
                "Zwei Tage nach der Bestellung kam eine Mail, dass {p_nom} doch nicht vorrätig "
                "ist.",
                "Die Lagerstandsanzeige auf der Produktseite ist völlig unzuverlässig.",
                "Auf der Seite grün „auf Lager“, nach der Zahlung plötzlich „Lieferzeit 4–6 "
                "Wochen“.",
                "Im Laden lag ein anderes Modell als das, das online als vorrätig angezeigt wurde.",
                "Ich habe {p_ein_acc} bezahlt, {p_rel} angeblich auf Lager war, und jetzt ist "
                "{p_er} nachbestellt.",
                "Laut Website waren 12 Stück in meiner Filiale vorrätig, vor Ort waren es null.",
                "Die Bestellung wurde wegen „Bestandsabweichungen“ storniert.",
                "Zeigt bitte nichts als vorrätig an, was ihr gar nicht auf Lager habt.",
                "Ich habe hier bestellt, weil {p_nom} auf Lager war, stimmte aber nicht.",
                "Nach der Zahlung sprang die Verfügbarkeit von „auf Lager“ auf „unbekannt“.",
                "Erst an der Theke wurde mir gesagt, dass der Online-Lagerbestand falsch war.",
                "Auf der Produktseite steht immer noch „auf Lager“, obwohl man mir gesagt hat, "
                "dass alles ausverkauft ist.",
                "Die Hälfte meiner Bestellung war nicht vorrätig, obwohl die Website was anderes "
                "gesagt hat.",
            ),
            "detail": (
                "Ich hatte mir extra den Nachmittag freigenommen.",
                "Jetzt muss ich nochmal zwei Wochen warten.",
                "Woanders hätte ich es rechtzeitig bekommen.",
                "Entschuldigt hat sich niemand.",
            ),
            "short": (
                "Doch nicht auf Lager.",
                "Die Bestandsanzeige stimmt nicht!!",
                "auf lager?? von wegen",
                "Schon wieder falscher Lagerbestand.",
            ),
            "expect": (
                "Ich erwarte, dass der Preis gilt, sobald die Ware wieder auf Lager ist.",
                "Bitte halten Sie die Bestandsangaben aktuell.",
            ),
        },
    },
    "product_defect": {
        "en": {
            "core": (
                "{the_pc} doesn't boot, just a black screen.",
                "Dead on arrival, {the_product} wouldn't even power on.",
                "The fan is so loud it sounds like a hairdryer.",
                "Random blue screens from day one.",
                "{the_pc} shuts down as soon as I start a game.",
                "The graphics card makes a horrible coil whine under load.",
                "One of the RAM sticks was faulty, memtest full of errors.",
                "The Wi-Fi card didn't work at all out of the box.",
                "The display has dead pixels right in the middle of the screen.",
                "The front USB ports don't work.",
                "After two days the fan started making a grinding noise.",
                "{the_pc} overheats and throttles constantly, the thermal paste was clearly "
                "botched.",
                "Windows wasn't even activated and the SSD showed errors.",
                "The power supply clicked and then died after a week.",
                "Brand new and {the_product} crashes every few hours.",
                "{the_pc} beeps three times on startup and won't boot.",
            ),
            "detail": (
                "I've already tried reseating everything.",
                "For {price} I expected it to actually work.",
                "Now I have to send it back and wait again.",
                "Quality control clearly didn't check this one.",
            ),
            "short": (
                "Dead on arrival.",
                "It doesn't boot.",
                "Faulty out of the box!!",
                "the fan is really noisy",
            ),
            "expect": (
                "I want a replacement, not a repair that takes weeks.",
                "Please arrange for it to be collected and replaced.",
            ),
        },
        "de": {
            "core": (
                "{pc_nom} fährt nicht hoch, nur schwarzer Bildschirm.",
                "Defekt angekommen, {p_nom} ließ sich nicht mal einschalten.",
                "Der Lüfter ist so laut, dass es klingt wie ein Föhn.",
                "Seit dem ersten Tag ständig Bluescreens.",
                "{pc_nom} geht aus, sobald ich ein Spiel starte.",
                "Die Grafikkarte hat unter Last ein fürchterliches Spulenfiepen.",
                "Ein RAM-Riegel war defekt, Memtest voller Fehler.",
                "Die WLAN-Karte hat von Anfang an überhaupt nicht funktioniert.",
                "Das Display hat tote Pixel mitten im Bild.",
                "Die Front-USB-Ports gehen nicht.",
                "Nach zwei Tagen fing der Lüfter an zu schleifen und zu rattern.",
                "{pc_nom} überhitzt und taktet ständig runter, die Wärmeleitpaste war "
                "offensichtlich schlampig aufgetragen.",
                "Windows war nicht mal aktiviert und die SSD hat Fehler gemeldet.",
                "Das Netzteil hat geklickt und ist nach einer Woche gestorben.",
                "Nagelneu und {p_nom} stürzt alle paar Stunden ab.",
                "{pc_nom} piept beim Start dreimal und bootet nicht.",
            ),
            "detail": (
                "Ich habe schon alles neu eingesteckt.",
                "Für {price} hätte ich erwartet, dass es funktioniert.",
                "Jetzt muss ich es zurückschicken und wieder warten.",
                "Eine Qualitätskontrolle hat da offensichtlich nicht stattgefunden.",
            ),
            "short": (
                "War von Anfang an defekt.",
                "fährt nicht hoch",
                "Lüfter viel zu laut!!",
                "Ist direkt kaputt gegangen.",
            ),
            "expect": (
                "Ich möchte ein Austauschgerät, keine wochenlange Reparatur.",
                "Bitte holen Sie das Gerät ab und tauschen Sie es aus.",
            ),
        },
    },
    "price_complaint": {
        "en": {
            "core": (
                "{price} for {the_product} is way too expensive compared to other shops.",
                "The Black Friday 'deal' was more expensive than the normal price a week before.",
                "Shipping costs of €49 are a joke.",
                "The price went up between adding it to the basket and checking out.",
                "I found the same {product} for €150 less elsewhere.",
                "The assembly fee wasn't shown until the very last step.",
                "You charge extra for Windows, which I didn't even want.",
                "Your prices are fine for parts but the prebuilt PCs are overpriced.",
                "The price match you advertise was refused for no reason.",
                "The discount was only 5%, hardly a Black Friday offer.",
                "Hidden fees at checkout, the final price was way above the listed one.",
                "The extended warranty is pushed hard and costs a fortune.",
                "I paid {price} and a week later it was much cheaper, with no price adjustment.",
                "Too expensive for what you get, the components are budget parts.",
                "The store price and the online price were different for the same item.",
                "Charging a handling fee on top of everything is a bit cheeky.",
            ),
            "detail": (
                "I'll compare more carefully next time.",
                "I get that margins are tight, but still.",
                "Black Friday should mean a real discount.",
            ),
            "short": (
                "Way too expensive.",
                "It's overpriced!!",
                "prices are too high",
                "Not a real deal.",
            ),
            "expect": (
                "I would like the difference refunded.",
                "Please be transparent about fees.",
            ),
        },
        "de": {
            "core": (
                "{price} für {p_acc} ist im Vergleich zu anderen Shops viel zu teuer.",
                "Das Black-Friday-„Angebot“ war teurer als der normale Preis eine Woche vorher.",
                "49 € Versandkosten sind ein Witz.",
                "Zwischen Warenkorb und Kasse ist der Preis gestiegen.",
                "Woanders habe ich genau das gleiche Modell 150 € günstiger gefunden.",
                "Die Montagegebühr wurde erst im allerletzten Schritt angezeigt.",
                "Sie verlangen extra für Windows, das ich gar nicht wollte.",
                "Bei Einzelteilen sind die Preise okay, aber die Fertig-PCs sind überteuert.",
                "Die beworbene Preisgarantie wurde ohne Begründung abgelehnt.",
                "Nur 5 % Rabatt, das ist doch kein Black-Friday-Angebot.",
                "Versteckte Gebühren an der Kasse, der Endpreis lag deutlich über dem "
                "angezeigten Preis.",
                "Die Garantieverlängerung wird einem aufgedrängt und kostet ein Vermögen.",
                "Ich habe {price} bezahlt, eine Woche später war es deutlich billiger, ohne "
                "Preisanpassung.",
                "Zu teuer für das, was man bekommt, verbaut sind Billigkomponenten.",
                "Im Laden und online gab es für denselben Artikel unterschiedliche Preise.",
                "Eine Bearbeitungsgebühr obendrauf zu verlangen, ist schon frech.",
            ),
            "detail": (
                "Nächstes Mal vergleiche ich genauer.",
                "Ich verstehe, dass die Margen knapp sind, aber trotzdem.",
                "Black Friday sollte ein echter Rabatt sein.",
            ),
            "short": (
                "Viel zu teuer.",
                "Das ist überteuert!!",
                "preise sind zu hoch",
                "Kein echtes Angebot.",
            ),
            "expect": (
                "Ich möchte die Differenz erstattet haben.",
                "Bitte seien Sie bei Gebühren transparent.",
            ),
        },
    },
    # -- positive ------------------------------------------------------------------------
    "praise_staff": {
        "en": {
            "core": (
                "{agent} was super friendly and really helpful.",
                "{agent} took the time to understand my problem and sorted it out.",
                "Really patient service, {agent} explained everything step by step.",
                "{agent} went above and beyond to help me.",
                "Friendly, competent and quick, thank you.",
                "{agent} called me back as promised and had already fixed it.",
                "For once I felt genuinely listened to.",
                "{agent} found a solution I didn't even know was possible.",
                "Very polite and knowledgeable, knew exactly what I needed.",
                "{agent} stayed calm and kind even though I was pretty frustrated.",
                "Great advice on which {product} to pick, no upselling.",
                "{agent} was lovely and made a stressful situation easy.",
                "Helpful staff, they answered all my questions about {the_product}.",
                "{agent} was honest with me about the options, I appreciated that.",
                "The person I spoke to actually cared, that made all the difference.",
                "Thanks to {agent} for the quick and friendly help.",
            ),
            "detail": (
                "I'll definitely come back because of this.",
                "More people like that, please.",
                "Honestly didn't expect that after my last experience.",
                "Please pass on my thanks.",
            ),
            "short": (
                "Very friendly staff!",
                "great service, thanks",
                "The agent was so helpful.",
                "Lovely agent, thank you!",
            ),
            "expect": (),
        },
        "de": {
            "core": (
                "{agent_nom} war super freundlich und wirklich hilfsbereit.",
                "{agent_nom} hat sich Zeit genommen, mein Problem zu verstehen, und es gelöst.",
                "Sehr geduldige Beratung, {agent_nom} hat mir alles Schritt für Schritt erklärt.",
                "{agent_nom} hat sich richtig ins Zeug gelegt, um mir zu helfen.",
                "Freundlich, kompetent und schnell, vielen Dank.",
                "{agent_nom} hat wie versprochen zurückgerufen und das Problem schon gelöst.",
                "Ich hatte endlich mal das Gefühl, dass mir jemand zuhört.",
                "{agent_nom} hat eine Lösung gefunden, von der ich gar nicht wusste, dass es sie "
                "gibt.",
                "Sehr höflich und kompetent, wusste genau, was ich brauche.",
                "{agent_nom} blieb ruhig und freundlich, obwohl ich ziemlich genervt war.",
                "Super Beratung, welches Modell zu mir passt, ohne mir was aufzuschwatzen.",
                "{agent_nom} war total nett und hat mir in einer stressigen Situation echt "
                "geholfen.",
                "Hilfsbereites Personal, alle Fragen rund um {p_acc} wurden beantwortet.",
                "{agent_nom} war ehrlich zu mir, was die Möglichkeiten angeht, das fand ich gut.",
                "Mein Ansprechpartner hat sich wirklich gekümmert, das hat den Unterschied "
                "gemacht.",
                "Danke an {agent_acc} für die schnelle und freundliche Hilfe.",
            ),
            "detail": (
                "Deswegen komme ich definitiv wieder.",
                "Mehr solche Leute, bitte.",
                "Hätte ich nach meiner letzten Erfahrung ehrlich nicht erwartet.",
                "Bitte richten Sie meinen Dank aus.",
            ),
            "short": (
                "Sehr freundliche Mitarbeiter!",
                "Super Service, danke!",
                "Sehr nett und hilfsbereit.",
                "Top Beratung, echt gut.",
            ),
            "expect": (),
        },
    },
    "praise_delivery_fast": {
        "en": {
            "core": (
                "Ordered on {weekday} evening, {the_product} arrived the next morning.",
                "Super fast delivery, much quicker than expected.",
                "Delivered a day earlier than the estimate.",
                "{carrier} was quick and the driver even carried it upstairs.",
                "Fast shipping and everything was well packed.",
                "Tracking was accurate and the parcel arrived right on time.",
                "I got {the_product} within 24 hours, impressive.",
                "The delivery slot was spot on and I got a text an hour before.",
                "Quick dispatch, I had the shipping confirmation the same day.",
                "It was delivered in two days even in the Black Friday rush.",
                "Very well packaged and quick, nothing moved in the box.",
                "Delivery was fast and the driver was friendly.",
                "Faster delivery than any other shop I've ordered from.",
                "Ordered at lunchtime, it was on its way that afternoon.",
                "The parcel came exactly on the day you said.",
                "No waiting at all, {the_product} was here before I knew it.",
            ),
            "detail": (
                "Set up and running the same evening.",
                "Will order from you again.",
                "Much better than last time.",
            ),
            "short": (
                "Fast delivery, thank you!",
                "It came super quick.",
                "Arrived the next day!!",
                "On time and well packed.",
            ),
            "expect": (),
        },
        "de": {
            "core": (
                "Am {weekday}abend bestellt, am nächsten Morgen war {p_nom} schon da.",
                "Super schnelle Lieferung, viel schneller als erwartet.",
                "Einen Tag früher geliefert als angekündigt.",
                "{carrier} war schnell und der Fahrer hat {p_acc} sogar bis in die Wohnung "
                "getragen.",
                "Schneller Versand und alles gut verpackt.",
                "Die Sendungsverfolgung hat gestimmt und das Paket kam pünktlich.",
                "Ich hatte {p_acc} innerhalb von 24 Stunden, beeindruckend.",
                "Das Lieferfenster hat genau gepasst und eine Stunde vorher kam eine SMS.",
                "Schnell verschickt, die Versandbestätigung kam noch am selben Tag.",
                "Trotz Black-Friday-Ansturm nach zwei Tagen geliefert.",
                "Sehr gut verpackt und schnell da, im Karton hat sich nichts bewegt.",
                "Die Lieferung ging fix und der Fahrer war freundlich.",
                "Schneller geliefert als bei jedem anderen Shop, bei dem ich bisher bestellt habe.",
                "Mittags bestellt und am Nachmittag schon unterwegs.",
                "Das Paket kam genau an dem Tag, den Sie angegeben hatten.",
                "Ich musste gar nicht warten, {p_nom} war schneller da als gedacht.",
            ),
            "detail": (
                "Noch am selben Abend aufgebaut und läuft.",
                "Bestelle gerne wieder bei euch.",
                "Viel besser als beim letzten Mal.",
            ),
            "short": (
                "Schnelle Lieferung, danke!",
                "Echt super schnell geliefert!!",
                "War schon am nächsten Tag da.",
                "Pünktlich und gut verpackt.",
            ),
            "expect": (),
        },
    },
    "praise_easy_order": {
        "en": {
            "core": (
                "Ordering was quick and easy, took me five minutes.",
                "The website is clear and the configurator is great.",
                "Checkout was smooth, paid with PayPal in seconds.",
                "Easy to find {the_product} and compare the specs.",
                "The PC configurator warned me about incompatible parts, really useful.",
                "The order confirmation came straight away with all the details.",
                "Simple ordering process, no forced account creation.",
                "The filters made it really easy to find what I wanted.",
                "Ordering worked first time, even on my phone.",
                "Clear prices, no surprises at checkout.",
                "Loved that I could see the delivery date before paying.",
                "Good product descriptions, I knew exactly what I was ordering.",
                "The voucher {voucher} worked without any hassle.",
                "Nice clean website and ordering {a_product} was painless.",
                "Best online shop for PC parts I've used, very straightforward.",
                "The order status page is clear and always up to date.",
            ),
            "detail": (
                "Even my dad managed it on his own.",
                "Much better than the big marketplaces.",
                "That's how it should be.",
            ),
            "short": (
                "Easy to order.",
                "The checkout was smooth.",
                "Quick and easy!!",
                "Great website, easy to use.",
            ),
            "expect": (),
        },
        "de": {
            "core": (
                "Die Bestellung ging schnell und einfach, hat fünf Minuten gedauert.",
                "Die Website ist übersichtlich und der Konfigurator ist klasse.",
                "Bezahlen lief reibungslos, mit PayPal in ein paar Sekunden erledigt.",
                "{p_acc} habe ich schnell gefunden und die technischen Daten lassen sich gut "
                "vergleichen.",
                "Der PC-Konfigurator hat mich auf inkompatible Teile hingewiesen, echt praktisch.",
                "Die Bestellbestätigung kam sofort mit allen Details.",
                "Einfacher Bestellprozess, kein Zwang zur Kontoerstellung.",
                "Mit den Filtern habe ich schnell gefunden, was ich gesucht habe.",
                "Die Bestellung hat auf Anhieb funktioniert, sogar auf dem Handy.",
                "Klare Preise, keine Überraschungen an der Kasse.",
                "Super, dass man das Lieferdatum schon vor dem Bezahlen sieht.",
                "Gute Produktbeschreibungen, ich wusste genau, was ich bestelle.",
                "Der Gutschein {voucher} hat problemlos funktioniert.",
                "Schöne, aufgeräumte Website, {p_ein_acc} zu bestellen war total unkompliziert.",
                "Der beste Onlineshop für PC-Teile, den ich bisher genutzt habe, sehr "
                "unkompliziert.",
                "Die Seite mit dem Bestellstatus ist klar und immer aktuell.",
            ),
            "detail": (
                "Sogar mein Vater hat das alleine hingekriegt.",
                "Viel angenehmer als bei den großen Marktplätzen.",
                "So muss das sein.",
            ),
            "short": (
                "Einfach zu bestellen.",
                "Die Bestellung lief reibungslos.",
                "Schnell und einfach!!",
                "Die Website ist top.",
            ),
            "expect": (),
        },
    },
    "pickup_smooth": {
        "en": {
            "core": (
                "Pick-up was quick, my order was ready when I arrived.",
                "In and out of the store in five minutes with my order.",
                "I got a text as soon as {the_product} was ready to collect.",
                "The pick-up counter was well organised, no queue.",
                "Staff brought {the_product} out to my car, very convenient.",
                "Collection was painless, I just showed the QR code.",
                "My order was ready for pick-up an hour after I placed it.",
                "Click and collect worked perfectly.",
                "They powered on {the_pc} at the counter before handing it over, nice touch.",
                "The pick-up station was easy to find and fast.",
                "Handy to collect my order on the way home from work.",
                "Short wait at the pick-up counter, everything was prepared.",
                "Saved on shipping by picking it up, went smoothly.",
                "Picked up my order on {weekday} without any issues.",
                "The locker pick-up was super convenient, even after closing time.",
                "Everything was ready and packed, collection took two minutes.",
            ),
            "detail": (
                "Parking right in front helped too.",
                "I would choose pick-up again.",
                "Much quicker than waiting for a courier.",
            ),
            "short": (
                "The pick-up was smooth.",
                "quick and easy collection",
                "In and out in 2 minutes!!",
                "Easy pick-up, no queue.",
            ),
            "expect": (),
        },
        "de": {
            "core": (
                "Die Abholung ging schnell, meine Bestellung lag schon bereit.",
                "In fünf Minuten war ich mit meiner Bestellung wieder aus dem Laden raus.",
                "Ich habe eine SMS bekommen, sobald {p_nom} abholbereit war.",
                "Die Abholtheke war gut organisiert, keine Schlange.",
                "Man hat mir {p_acc} sogar bis zum Auto getragen, sehr angenehm.",
                "Abholung völlig problemlos, einfach den QR-Code gezeigt.",
                "Eine Stunde nach der Bestellung lag alles schon zur Abholung bereit.",
                "Click & Collect hat perfekt funktioniert.",
                "An der Theke wurde {pc_nom} vor der Übergabe einmal eingeschaltet, das fand ich "
                "gut.",
                "Die Abholstation war leicht zu finden und es ging schnell.",
                "Praktisch, die Bestellung auf dem Heimweg von der Arbeit abzuholen.",
                "Kurze Wartezeit an der Abholtheke, alles war vorbereitet.",
                "Durch die Abholung Versand gespart und es lief reibungslos.",
                "Am {weekday} abgeholt, ohne irgendein Problem.",
                "Die Abholung am Schließfach war super bequem, sogar nach Ladenschluss.",
                "Alles lag fertig verpackt bereit, die Abholung hat zwei Minuten gedauert.",
            ),
            "detail": (
                "Parkplatz direkt vor der Tür war auch praktisch.",
                "Würde wieder Abholung wählen.",
                "Viel schneller, als auf einen Paketdienst zu warten.",
            ),
            "short": (
                "Die Abholung lief problemlos.",
                "Schnell abgeholt, danke!",
                "Keine Wartezeit bei der Abholung!!",
                "Abholung war top.",
            ),
            "expect": (),
        },
    },
    # -- neutral -------------------------------------------------------------------------
    "neutral_ok": {
        "en": {
            "core": (
                "It was ok, nothing special.",
                "All fine, no complaints.",
                "Did the job.",
                "Average experience, not good, not bad.",
                "Everything went as expected.",
                "Fine overall, it could be a bit faster.",
                "No problems, but nothing that stood out either.",
                "Okay I guess.",
                "Standard service, nothing to add.",
                "It worked, that's all I need.",
                "Pretty much what I expected.",
                "Nothing to complain about, nothing to praise.",
                "Decent, I would probably order again.",
                "It was fine, a bit slow in places.",
                "It was satisfactory.",
                "Got what I ordered, no drama.",
            ),
            "detail": (
                "Nothing went wrong.",
                "Can't really say more.",
                "Maybe a bit more info on the status would be nice.",
            ),
            "short": (
                "It was ok.",
                "Fine, nothing to add.",
                "ok I guess",
                "It's fine.",
            ),
            "expect": (),
        },
        "de": {
            "core": (
                "War ok, nichts Besonderes.",
                "Alles in Ordnung, keine Beschwerden.",
                "Hat seinen Zweck erfüllt.",
                "Durchschnittlich, nicht gut, nicht schlecht.",
                "Alles lief wie erwartet.",
                "Insgesamt okay, es könnte etwas schneller gehen.",
                "Keine Probleme, aber auch nichts, was besonders hervorsticht.",
                "Passt schon.",
                "Standardservice, nichts hinzuzufügen.",
                "Hat funktioniert, mehr brauche ich nicht.",
                "Ungefähr das, was ich erwartet habe.",
                "Nichts zu meckern, aber auch nichts zu loben.",
                "Ganz ordentlich, ich würde wahrscheinlich wieder bestellen.",
                "War in Ordnung, an manchen Stellen etwas langsam.",
                "Es war zufriedenstellend.",
                "Habe bekommen, was ich bestellt habe, ohne Drama.",
            ),
            "detail": (
                "Es ist nichts schiefgegangen.",
                "Mehr kann ich nicht sagen.",
                "Etwas mehr Infos zum Status wären vielleicht nett.",
            ),
            "short": (
                "War ok.",
                "Passt schon.",
                "joa, war ok",
                "Alles gut soweit.",
            ),
            "expect": (),
        },
    },
}
