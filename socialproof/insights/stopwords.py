"""Words that say nothing about a product on their own, per language, in the forms ``language.terms`` meets them.

Finnish: base forms (Voikko gives them; its word classes already drop pronouns,
conjunctions, adpositions and the like), plus the words a shopper writes without
meaning anything by them. Swedish and English: as written, after the Snowball
projects' lists. Each list ends with the words every review of any product uses.
"""

from __future__ import annotations

FINNISH = """
olla ei ja tai mutta että kun jos niin kuin myös vain jo vielä nyt sitten siis kyllä aina hyvin erittäin
todella tosi aivan ihan melko aika vähän paljon liian lähes noin juuri heti pian kerran taas jopa ehkä
voida tulla saada pitää tehdä mennä käyttää ottaa antaa tietää sanoa alkaa jäädä
tämä tuo se nämä nuo ne minä sinä hän me te he joka mikä kuka itse oma kaikki jokin joku mitään mikään
muu toinen sama kukin moni useampi
tuote tuotteet ostaa osto ostos kiitos
"""
SWEDISH = """
och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du henne
då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi dem
vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv detta åt
utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit
dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era
väldigt bara också riktigt lite helt mer mest fick får få gör göra gjorde
produkt produkten produkter köpte köpa köp tack
"""
ENGLISH = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing would should could ought i'm you're
he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll
she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't
wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's
where's why's how's a an the and but if or because as until while of at by for with about against
between into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some such no nor
not only own same so than too very also just really get got one will
product products item items bought buy buying purchase purchased thanks
"""
STOP_WORDS = {lang: frozenset(words.split()) for lang, words in (("fi", FINNISH), ("sv", SWEDISH), ("en", ENGLISH))}
