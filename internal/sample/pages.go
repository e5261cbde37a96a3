package sample

// This file holds the content of the sample: six fictional web sites and the
// pages they serve. Every sentence was written for this project; the sites,
// people and most places are invented.
//
// Page bodies use a small markup, rendered by HTML and Text:
//
//	blocks are separated by a blank line
//	"## Heading"            a heading (<h2>)
//	"- item" lines          a list (<ul>), one item per line
//	"| a | b |" lines       a table, the first row is the header row
//	anything else           a paragraph; a newline inside it is a <br>
//	[text](/href)           a link, *text* emphasis, **text** strong

// Site is one fictional web site. The lines of its chrome (cookie banner,
// name, tagline, menu, share line, footer) are repeated on all its pages
// except the short ones, so that line-level deduplication has something to
// find.
type Site struct {
	Key     string
	Name    string
	Host    string
	IP      string // WARC-IP-Address, from TEST-NET-1
	Server  string // HTTP Server header
	Accent  string // a colour for the page's <style> block
	Tagline string
	Cookie  []string // cookie banner lines
	Nav     []string // menu items, each "[Text](/href)"
	Share   string   // printed above and below each article; "" for none
	Footer  []string
}

// File says which of the two sample files a page goes into.
type File int

const (
	InWARC File = iota // request, response and metadata records in sample.warc.gz
	InWET              // a conversion record in sample.warc.wet.gz
)

// Declare says where the charset of a WARC response is declared.
type Declare int

const (
	DeclareBoth      Declare = iota // Content-Type header and <meta charset>
	DeclareHeader                   // Content-Type header only
	DeclareMeta                     // <meta charset> only
	DeclareHTTPEquiv                // <meta http-equiv="Content-Type"> only
	DeclareNone                     // nowhere
)

// Page is one web page of the sample.
type Page struct {
	Site  string // Site.Key
	Path  string
	Lang  string // ISO 639-1
	Title string
	Body  string // see the markup above
	Short bool   // under 300 characters of text in all; no site chrome
	In    File

	// How the page is served in the WARC; ignored for WET pages.
	Charset  string // as named in the declaration; "" is UTF-8
	Declare  Declare
	Gzip     bool // Content-Encoding: gzip
	Chunked  bool // Transfer-Encoding: chunked
	Entities bool // write every non-ASCII character as a character reference
}

var sites = []Site{
	{
		Key:     "crumb",
		Name:    "Crumb & Crust Bakery",
		Host:    "www.crumbandcrust.example",
		IP:      "192.0.2.10",
		Server:  "nginx",
		Accent:  "#8a5a2b",
		Tagline: "Slow bread, baked in Riverton since 2009",
		Cookie: []string{
			"We use cookies to remember your basket and to count visits. We never sell your data.",
			"Accept all · Manage preferences",
		},
		Nav:   []string{"[Home](/)", "[Our Breads](/breads)", "[Recipes](/recipes)", "[Journal](/journal)", "[Visit the Shop](/visit)"},
		Share: "Share this post: Facebook · Pinterest · Email",
		Footer: []string{
			"14 Mill Lane, Riverton · Open Tuesday to Sunday, 7:00–15:00",
			"© 2024 Crumb & Crust Bakery · [Privacy](/privacy) · [Contact](/contact)",
		},
	},
	{
		Key:     "council",
		Name:    "City of Riverton",
		Host:    "www.riverton-council.example",
		IP:      "192.0.2.20",
		Server:  "Microsoft-IIS/10.0",
		Accent:  "#1d4e89",
		Tagline: "Official website of the City of Riverton",
		Cookie: []string{
			"This site uses essential cookies only. Read our cookie policy to find out more.",
			"OK, got it",
		},
		Nav: []string{"[Home](/)", "[News](/news)", "[Council Meetings](/meetings)", "[City Services](/services)", "[Report a Problem](/report)", "[Español](/es)"},
		Footer: []string{
			"City Hall, 200 Main Street, Riverton · Phone 555-0142 · Monday to Friday, 8:30–16:30",
			"© 2024 City of Riverton · [Accessibility](/accessibility) · [Privacy](/privacy) · [Contact](/contact)",
		},
	},
	{
		Key:     "trails",
		Name:    "Alpine Trails Hiking Club",
		Host:    "www.alpinetrails.example",
		IP:      "192.0.2.30",
		Server:  "Apache",
		Accent:  "#2f6b3a",
		Tagline: "Hiking together since 1972 · English · Deutsch · Français · Italiano · Čeština · Polski",
		Cookie: []string{
			"Cookies help us run this site and remember your language.",
			"Accept · Decline",
		},
		Nav: []string{"[Home](/)", "[Tours](/tours)", "[Huts](/huts)", "[Calendar](/calendar)", "[Join the Club](/join)", "[Contact](/contact)"},
		Footer: []string{
			"Mountain emergency number: 112",
			"© 2024 Alpine Trails Hiking Club · [Privacy](/privacy) · [Contact](/contact)",
		},
	},
	{
		Key:     "uni",
		Name:    "Department of Languages and Linguistics",
		Host:    "lang.northbridge.example",
		IP:      "192.0.2.40",
		Server:  "Apache",
		Accent:  "#6b1d3a",
		Tagline: "Northbridge University · Faculty of Arts",
		Cookie: []string{
			"This website uses cookies for statistics. You can change your choice at any time in the privacy settings.",
			"Accept · Reject",
		},
		Nav: []string{"[Home](/)", "[Study](/study)", "[Research](/research)", "[People](/people)", "[News & Events](/news)", "[Contact](/contact)"},
		Footer: []string{
			"Department of Languages and Linguistics · 1 College Road, Northbridge",
			"© 2024 Northbridge University · [Privacy](/privacy) · [Imprint](/imprint) · [Accessibility](/accessibility)",
		},
	},
	{
		Key:     "mesa",
		Name:    "Mesa Abierta",
		Host:    "www.mesaabierta.example",
		IP:      "192.0.2.50",
		Server:  "nginx",
		Accent:  "#b5402a",
		Tagline: "Recetas de casa para cocinar sin prisa",
		Cookie: []string{
			"Utilizamos cookies propias y de terceros para analizar el tráfico y mostrarte publicidad.",
			"Aceptar · Configurar",
		},
		Nav:   []string{"[Inicio](/)", "[Recetas](/recetas)", "[Postres](/postres)", "[De temporada](/temporada)", "[Contacto](/contacto)"},
		Share: "Compartir: Facebook · WhatsApp · Correo",
		Footer: []string{
			"© 2024 Mesa Abierta · [Aviso legal](/aviso-legal) · [Privacidad](/privacidad) · [Contacto](/contacto)",
		},
	},
	{
		Key:     "shelf",
		Name:    "Open Shelf Reading Network",
		Host:    "openshelf.example",
		IP:      "192.0.2.60",
		Server:  "Caddy",
		Accent:  "#3a3a8c",
		Tagline: "Reading circles in twelve cities and online",
		Cookie: []string{
			"We use a single cookie to remember your language choice.",
			"OK",
		},
		Nav: []string{"[Home](/)", "[Reading Circles](/circles)", "[Events](/events)", "[Catalogue](/catalogue)", "[About Us](/about)"},
		Footer: []string{
			"Open Shelf is a volunteer project. Donations keep the lights on.",
			"© 2024 Open Shelf Reading Network · [Privacy](/privacy) · [Contact](/contact)",
		},
	},
}

var pages = []Page{
	// ---- Crumb & Crust Bakery (English) ----
	{
		Site: "crumb", Path: "/journal/keeping-a-starter-alive-in-summer", Lang: "en", In: InWARC,
		Gzip:  true,
		Title: "Keeping a sourdough starter alive through a hot summer",
		Body: `Every July somebody comes into the shop holding a jar of grey, sour-smelling paste and asks whether their starter is dead. It almost never is. A starter is a stubborn community of yeasts and bacteria, and heat mostly makes it hungry and impatient rather than killing it.

## Feed it more often, or feed it stiffer

In warm weather the culture eats through its food in a few hours. You can either feed it twice a day, or slow it down with a stiffer mix: one part starter, five parts flour and three parts water. The stiff dough ferments more slowly and smells milder.

The fridge is your friend. A starter kept cold only needs a feed once a week. Take it out the evening before you bake, give it a *generous* meal and leave it on the counter overnight.

| Kitchen temperature | Feeds per day | Ready to bake after |
| 20 °C | 1 | 8 to 10 hours |
| 26 °C | 2 | 5 to 6 hours |
| 30 °C | 2 or 3 | 3 to 4 hours |

If a dark liquid collects on top, pour it off and feed as usual. That liquid is alcohol, a sign of hunger, not of disaster. If you see pink or orange streaks, though, start again; [ask us](/contact) and we will give you a spoonful of ours for free.`,
	},
	{
		Site: "crumb", Path: "/journal/rye-week", Lang: "en", In: InWET,
		Title: "Rye week: why our dark loaf takes three days",
		Body: `From Monday we are baking only rye for a week, and the question we hear most is why the dark loaf costs more than the white one. The short answer is time. A proper rye bread is started on Friday and sold on Monday.

Rye flour behaves nothing like wheat. It has little gluten, so the dough cannot trap gas in the same way, and it is full of enzymes that will happily turn the crumb into a gummy mess. A sour culture keeps those enzymes in check, which is why almost every traditional rye recipe is a sourdough.

On the first day we build the sour and soak cracked grains and old bread in hot water. On the second we mix, shape the sticky dough with wet hands and bake it slowly in a falling oven. Then the loaves rest, wrapped in linen, for a full day before anyone is allowed to cut them.

The result keeps for a week and tastes better on day four than on day one. Try it thinly sliced with butter and radishes.`,
	},
	{
		Site: "crumb", Path: "/news/closed-easter-monday", Lang: "en", In: InWARC,
		Short: true, Declare: DeclareHeader,
		Title: "Closed on Easter Monday",
		Body:  `The shop is closed on Monday 1 April. Pre-ordered hot cross buns can be collected on Saturday until 14:00.`,
	},
	{
		Site: "crumb", Path: "/journal/meet-tomasz", Lang: "en", In: InWET,
		Title: "Meet Tomasz, our new apprentice",
		Body: `Tomasz joined us in January after ten years as a bicycle mechanic. He says the two jobs have more in common than you would think: both reward patience, clean hands are mostly a myth, and you learn more from the failures than from the successes.

His first weeks were spent on the early shift, weighing flour at four in the morning and learning to read the dough by touch. The first batch of croissants he laminated alone went straight to the staff table, and nobody complained.

Next month he starts his formal training at the baking school in Eastfield, two days a week. On the other days you will find him behind the oven, and on Saturdays at the counter, where he is happy to talk about bread or gears for as long as you like.

If you are thinking about a career change yourself, come and talk to us. We take on one apprentice a year and we do not mind late starters.`,
	},

	// ---- City of Riverton (English, Spanish) ----
	{
		Site: "council", Path: "/news/2024-budget-adopted", Lang: "en", In: InWARC,
		Entities: true,
		Title:    "Council adopts the 2024 budget",
		Body: `At its meeting on Tuesday evening the City Council adopted the budget for 2024 by seven votes to two. The plan keeps the property tax rate unchanged for the third year in a row — a promise made during last year's consultation — while putting more money into roads, the library and the parks.

## Where the money goes

| Service | 2023 (thousand $) | 2024 (thousand $) |
| Roads & Transport | 4,120 | 4,650 |
| Parks & Recreation | 1,980 | 2,240 |
| Public Library | 860 | 910 |
| Administration | 2,300 | 2,210 |

The biggest single item is the resurfacing of River Road between the bridge and the old mill. Work starts in May and is planned in three stages, so that the street stays open to residents and to the weekly market.

Councillor Renée Dubois, who chairs the finance committee, thanked the 412 residents who answered the online survey. "People told us clearly that they wanted fewer potholes and longer library hours," she said. "This budget does both."

The full budget, a short summary and the recording of the meeting are on the [Council Meetings](/meetings) page. Printed copies can be read at City Hall and at the library's café corner.`,
	},
	{
		Site: "council", Path: "/news/new-recycling-schedule", Lang: "en", In: InWET,
		Title: "New recycling collection schedule from April",
		Body: `From 2 April the city's recycling collections move to a new rhythm. Paper and cardboard will be collected one week, plastics and cans the next, and glass once a month. General waste stays on the same day as before.

| Area | Collection day | First collection |
| North of the river | Tuesday | 2 April |
| Old Town | Wednesday | 3 April |
| Eastfield and Hillside | Thursday | 4 April |

Every household will receive a printed calendar by post in the last week of March. The same calendar can be downloaded from this website, and the city's mobile app can send a reminder the evening before each collection.

Please put your bins out by 6:30 in the morning and bring them back in the same day. Bags left next to a full bin will not be taken. If your collection is missed, use the Report a Problem form and a crew will come back within two working days.

Questions? Call the waste hotline on 555-0199
or write to the recycling team at City Hall.`,
	},
	{
		Site: "council", Path: "/news/road-closure-bridge-street", Lang: "en", In: InWET,
		Short: true,
		Title: "Bridge Street closed on Sunday",
		Body:  `Bridge Street will be closed to traffic on Sunday 14 April from 7:00 to 13:00 for the spring fun run. Buses will use Mill Lane.`,
	},
	{
		Site: "council", Path: "/es/noticias/reapertura-parque-ribera", Lang: "es", In: InWET,
		Title: "Reabre el parque de la ribera tras las obras",
		Body: `El parque de la ribera vuelve a abrir sus puertas este sábado, después de ocho meses de obras. El Ayuntamiento ha renovado los caminos, ha instalado una nueva zona de juegos accesible y ha plantado más de cien árboles de especies autóctonas.

La alcaldesa recordó en la inauguración que el proyecto nació de las propuestas de los vecinos. En las reuniones del año pasado muchas familias pidieron sombra, bancos y fuentes de agua potable, y todo ello forma parte del nuevo diseño.

Durante las primeras semanas habrá voluntarios en la entrada principal para explicar los cambios y recoger sugerencias. El horario de verano, de siete de la mañana a diez de la noche, empieza el 1 de junio.

Se ruega a los dueños de perros que los lleven atados en la zona de juegos y que utilicen las papeleras. Las bicicletas pueden circular por el camino del río, pero no por el césped.`,
	},

	// ---- Alpine Trails Hiking Club (English, German, French, Italian, Czech, Polish) ----
	{
		Site: "trails", Path: "/en/tours/spring-snow-safety", Lang: "en", In: InWET,
		Title: "Spring snow: read this before your first tour of the season",
		Body: `The valleys are green, the cafés have put their tables outside, and it is tempting to think the mountains are already in summer mode. Above about 1,800 metres they are not. North-facing slopes, gullies and the approaches to the higher huts can hold hard snow well into June.

Early in the morning that snow is often frozen solid, and a slip can turn into a long, fast slide. By the afternoon it softens and you sink in to your knees, which is exhausting and, on steep ground, a trigger for wet slides. Plan your day so that you cross snowfields when the surface is neither glass nor porridge.

- Check the avalanche bulletin, even in May.
- Pack light crampons or microspikes and know how to use them.
- Turn back if a snowfield is steeper than you expected; there is no shame in it.

Our spring training weekend on 20 and 21 April covers walking on snow, using an ice axe and reading the terrain. Places are limited to twelve people, and members have priority until the end of March.`,
	},
	{
		Site: "trails", Path: "/de/touren/drei-tage-huettenwanderung", Lang: "de", In: InWARC,
		Chunked: true, Declare: DeclareHeader,
		Title: "Drei Tage von Hütte zu Hütte: unsere Sommertour im Grauhorn-Gebiet",
		Body: `Im August bieten wir wieder eine dreitägige Hüttenwanderung für geübte Wandernde an. Die Route führt durch das Grauhorn-Gebiet, über zwei Pässe und vorbei an vier Bergseen. Übernachtet wird in zwei bewirtschafteten Hütten, das Gepäck tragen alle selbst.

## Ablauf

Am ersten Tag steigen wir vom Bahnhof Talmatt in etwa fünf Stunden zur Seehornhütte auf. Der zweite Tag ist der längste: Über den Schartenpass geht es auf schmalen, teils ausgesetzten Wegen zur Kesselhütte, wo uns ein Abendessen mit Blick auf den Gletscher erwartet.

Am dritten Tag wandern wir gemütlich ins Tal zurück und erreichen am Nachmittag den Bus. Wer möchte, kann unterwegs noch im Kesselsee baden, wenn das Wetter mitspielt.

| Tag | Strecke | Höhenmeter | Gehzeit |
| 1 | Talmatt – Seehornhütte | 1.150 | 5 Std. |
| 2 | Seehornhütte – Kesselhütte | 980 | 7 Std. |
| 3 | Kesselhütte – Unterbach | 120 | 4 Std. |

Voraussetzungen sind Trittsicherheit, Schwindelfreiheit und eine Kondition für sieben Stunden Gehzeit. Die Anmeldung ist bis zum 15. Juli über das **Kontaktformular** möglich.

Leitung: Andrea Huber
Treffpunkt: Bahnhof Talmatt, 7:30 Uhr`,
	},
	{
		Site: "trails", Path: "/de/aktuell/treffpunkt-geaendert", Lang: "de", In: InWARC,
		Short: true,
		Title: "Treffpunkt geändert",
		Body:  `Die Samstagswanderung startet diese Woche nicht am Bahnhof, sondern am Parkplatz beim Freibad. Abfahrt wie immer um 8 Uhr.`,
	},
	{
		Site: "trails", Path: "/fr/sorties/raquettes-col-des-brumes", Lang: "fr", In: InWET,
		Title: "Sortie raquettes au col des Brumes",
		Body: `Le club organise le dimanche 10 mars une sortie en raquettes vers le col des Brumes, ouverte à tous les membres en bonne forme physique. Le dénivelé est d'environ 600 mètres et la marche dure cinq heures, pauses comprises.

Le rendez-vous est fixé à 7 h 30 sur le parking de la gare de Valfroide. Nous partagerons les voitures jusqu'au départ du sentier. Pensez à prévoir une boisson chaude, un pique-nique et des vêtements de rechange : le vent au col peut être glacial.

Le club prête des raquettes et des bâtons aux personnes qui n'en possèdent pas, dans la limite du matériel disponible. Merci de le signaler au moment de l'inscription. Chaque participant doit en revanche avoir son propre détecteur de victimes d'avalanche, une pelle et une sonde.

En cas de risque d'avalanche marqué, la sortie sera remplacée par une balade en forêt au-dessus du village. La décision sera annoncée la veille au soir par message.`,
	},
	{
		Site: "trails", Path: "/it/escursioni/lago-verde", Lang: "it", In: InWARC,
		Declare: DeclareMeta,
		Title:   "Escursione al Lago Verde: il resoconto di domenica",
		Body: `Domenica eravamo in ventidue alla partenza, un record per una gita di fine stagione. Il cielo era coperto ma asciutto, e la nebbia si è alzata proprio quando siamo arrivati al primo punto panoramico sopra il paese.

Il sentiero sale dolcemente nel bosco di larici e poi attraversa un ampio pascolo dove, a quest'ora dell'anno, le mucche sono già scese a valle. Dopo circa tre ore abbiamo raggiunto il Lago Verde, che ha mantenuto la promessa del suo nome.

Abbiamo pranzato al riparo di un grande masso, tra panini, formaggio della latteria locale e il famoso dolce di castagne portato da Giulia. Al ritorno abbiamo scelto la variante più lunga, passando per la vecchia cappella.

Grazie a tutti i partecipanti e in particolare ai due accompagnatori. Le foto della giornata sono nella [galleria dei soci](/it/galleria). La prossima uscita sarà dedicata alla pulizia dei sentieri: servono mani *volenterose*!`,
	},
	{
		Site: "trails", Path: "/cs/vylety/jarni-hrebenovka", Lang: "cs", In: InWARC,
		Charset: "iso-8859-2", Declare: DeclareMeta,
		Title: "Jarní hřebenovka přes Kamennou horu",
		Body: `V sobotu 27. dubna se vydáme na celodenní hřebenovou túru přes Kamennou horu. Trasa měří přibližně osmnáct kilometrů a vede po dobře značených cestách, jen krátký úsek pod vrcholem je kamenitý a za deště kluzký.

Sraz je v 7:45 na nádraží v Lipové, odkud pojedeme autobusem do výchozí obce. Zpět se vrátíme vlakem, který odjíždí ve čtvrt na šest. Jízdenky si každý kupuje sám.

S sebou si vezměte pevnou obuv, nepromokavou bundu, dostatek pití a jídlo na celý den. Na trase není žádná otevřená chata, jen studánka u rozcestí pod sedlem.

Výlet je vhodný i pro starší děti, které jsou zvyklé chodit. Přihlásit se můžete do čtvrtka večer u vedoucího výletu nebo e-mailem. Při nepříznivé předpovědi počasí výlet přesuneme na neděli.`,
	},
	{
		Site: "trails", Path: "/pl/wycieczki/dolina-trzech-potokow", Lang: "pl", In: InWET,
		Title: "Wycieczka doliną Trzech Potoków",
		Body: `Zapraszamy na niedzielną wycieczkę doliną Trzech Potoków. To spokojna trasa dla rodzin i osób, które dopiero zaczynają przygodę z górami. Całość zajmie około czterech godzin, a największe podejście ma niecałe trzysta metrów.

Spotykamy się o godzinie dziewiątej przy kościele w Jodłowie. Pierwsza część drogi prowadzi szeroką ścieżką wzdłuż potoku, obok starego młyna i drewnianej kładki. Później skręcimy do lasu bukowego i dojdziemy do polany z widokiem na całe pasmo.

Na polanie zrobimy dłuższą przerwę na ognisko, więc warto zabrać kiełbaski lub coś do upieczenia. Drewno przygotuje leśniczy, z którym współpracujemy od wielu lat.

Udział jest bezpłatny dla członków klubu, goście płacą symboliczne dziesięć złotych na ubezpieczenie. Prosimy o zgłoszenia do piątku.`,
	},

	// ---- Department of Languages and Linguistics (eight languages) ----
	{
		Site: "uni", Path: "/news/open-day-2024", Lang: "en", In: InWARC,
		Title: "Open Day 2024: meet the department",
		Body: `On Saturday 16 March the Department of Languages and Linguistics opens its doors to [prospective students](/study), their families and anyone curious about how language works. No registration is needed; just come to the main entrance of the Humanities Building.

Humanities Building, 1 College Road
Saturday 16 March, 10:00 to 16:00

## What is on

- Taster lectures on sound change, sign languages and machine translation
- Tours of the phonetics laboratory and the recording studio
- A question corner with current students from all year groups

Our students will also run a small exhibition about the languages spoken in Northbridge itself. Last year they counted more than sixty of them, from Welsh and Urdu to Tigrinya and Portuguese, and they want visitors to add to the map.

Admissions staff will be on hand to explain the joint honours programmes and the year abroad. Coffee and cake are served in the foyer all day, and the café on the ground floor is open as usual.`,
	},
	{
		Site: "uni", Path: "/research/phonetics-lab", Lang: "en", In: InWET,
		Title: "The phonetics laboratory",
		Body: `The phonetics laboratory is a shared facility for staff and students who study speech. It occupies three rooms on the second floor of the Humanities Building: a sound-treated recording booth, an analysis room with eight workstations and a small room for experiments with children.

Equipment can be booked for coursework and research projects. This includes studio microphones, portable recorders for fieldwork, an electroglottograph and an ultrasound system for imaging the tongue. All users must attend a short induction before their first booking.

Current projects in the lab look at vowel changes in the local accent, the timing of speech in bilingual children and the perception of tone by listeners who do not speak a tone language. Several of them welcome volunteers, who receive a small payment for their time.

If you would like to take part in a study or to use the lab for your own work, write to the lab manager. We answer within a week during term time.`,
	},
	{
		Site: "uni", Path: "/de/veranstaltungen/gastvortrag-dialekte", Lang: "de", In: InWET,
		Title: "Gastvortrag: Wie Dialekte im Internet weiterleben",
		Body: `Am Donnerstag, den 25. April, spricht Dr. Helga Brunner von der Universität Weidenau über Dialekte in sozialen Medien. Der Vortrag findet um 18 Uhr im Hörsaal 2 statt und ist öffentlich; eine Anmeldung ist nicht erforderlich.

Lange galt der Dialekt als Sprache des Mündlichen. Wer schrieb, wechselte ins Hochdeutsche. In Chats und Kurznachrichten ist das anders: Viele junge Menschen schreiben so, wie sie sprechen, und erfinden dabei eigene Schreibweisen für Laute, die es in der Standardsprache nicht gibt.

Frau Brunner hat für ihr Projekt mehr als zwei Millionen öffentliche Beiträge ausgewertet. Sie zeigt, welche regionalen Formen sich im Netz halten, welche verschwinden und warum manche Wörter plötzlich weit über ihre Heimat hinaus verwendet werden.

Im Anschluss an den Vortrag gibt es Gelegenheit zur Diskussion bei einem kleinen Empfang im Foyer.`,
	},
	{
		Site: "uni", Path: "/fr/actualites/colloque-langues-minoritaires", Lang: "fr", In: InWARC,
		Entities: true, Declare: DeclareMeta,
		Title: "Colloque « Langues minoritaires et école »",
		Body: `Les 6 et 7 juin, le département accueille un colloque international consacré à l'enseignement des langues minoritaires. Chercheurs, enseignants et représentants d'associations venus de huit pays présenteront leurs expériences — réussies ou non — en matière d'écoles bilingues.

Les communications porteront notamment sur le basque, le gallois, le sorabe et plusieurs langues régionales de France. Une table ronde réunira des parents d'élèves qui ont choisi l'immersion pour leurs enfants et qui témoigneront des difficultés rencontrées.

Le programme détaillé sera publié à la fin du mois d'avril. L'entrée est libre, mais l'inscription est *obligatoire* pour le déjeuner et pour la visite de l'école bilingue de la ville, prévue le vendredi après-midi.

Pour toute question, veuillez écrire au comité d'organisation à l'adresse indiquée en bas de page.`,
	},
	{
		Site: "uni", Path: "/ru/kursy/russkij-dlya-nachinayushchih", Lang: "ru", In: InWET,
		Title: "Вечерний курс русского языка для начинающих",
		Body: `С сентября кафедра снова проводит вечерний курс русского языка для всех желающих. Занятия проходят два раза в неделю, по вторникам и четвергам с шести до восьми вечера, в небольших группах до двенадцати человек.

Курс рассчитан на тех, кто начинает с нуля. За первый семестр слушатели осваивают алфавит, учатся читать простые тексты, представляться, делать покупки и спрашивать дорогу. Большое внимание уделяется произношению и живой разговорной речи.

Преподаватели курса — аспиранты кафедры, для которых русский язык родной. Учебные материалы выдаются бесплатно, а в конце семестра все участники получают сертификат.

Записаться можно на дне открытых дверей или по электронной почте. Студенты университета получают скидку.`,
	},
	{
		Site: "uni", Path: "/zh/news/dialect-lecture", Lang: "zh", In: InWARC,
		Declare: DeclareNone,
		Title:   "讲座预告：汉语方言的过去与未来",
		Body: `本周五下午三点，语言学系将在人文楼一层报告厅举办一场公开讲座，主题是汉语方言的历史演变和当前面临的挑战。主讲人是长期从事田野调查的李文华教授。

李教授在过去二十年里走访了南方多个省份的乡村，录制了数百小时的方言语料。她将结合这些录音，介绍不同方言在声调、词汇和语法方面的差异，并讨论普通话推广以后方言使用情况的变化。

方言不仅是交流的工具，也承载着一个地方的历史、习俗和感情。许多老人用方言讲述的故事、唱的歌谣，如果没有人记录，可能很快就会消失。李教授希望更多年轻人参与到记录工作中来，用一部手机就可以为家乡话留下珍贵的声音。

讲座之后，现场还将展示部分录音设备和调查笔记，欢迎对语言调查感兴趣的同学参观和提问。讲座使用普通话进行，部分内容配有英文字幕。

本次讲座免费向公众开放，无需报名。座位有限，建议提前十分钟到场。语言学系今年秋季还将开设一门方言调查实践课，有兴趣的同学可以在讲座结束后向系办公室咨询，也可以直接在现场报名。`,
	},
	{
		Site: "uni", Path: "/ja/study-abroad/briefing", Lang: "ja", In: InWET,
		Title: "交換留学説明会のお知らせ",
		Body: `言語学科では、来年度の交換留学を希望する学生を対象に説明会を開催します。日時は五月十日の午後四時から、会場は人文学棟の二階にある第三講義室です。

説明会では、協定校の紹介、応募の条件、奨学金の種類、そして留学中に取った単位の扱いについて、担当の教員が詳しく説明します。昨年度にドイツとスペインへ留学した先輩たちも参加し、現地での生活や授業の様子を話してくれる予定です。

留学の準備には思ったより時間がかかります。語学試験の受験や書類の準備は、早めに始めることをおすすめします。特に人気のある大学は募集人数が少ないため、早い段階で情報を集めておくことが大切です。

参加は自由で、事前の申し込みは必要ありません。当日来られない人のために、説明会の資料は後日学科のウェブサイトに掲載します。質問がある人は、学科事務室までメールで連絡してください。

留学先では、授業についていくだけでなく、現地の学生との交流や毎日の生活での工夫も求められます。説明会の後半には個別相談の時間も設けますので、不安なことがあれば気軽に相談してください。`,
	},
	{
		Site: "uni", Path: "/ar/news/arabic-summer-school", Lang: "ar", In: InWARC,
		Title: "المدرسة الصيفية للغة العربية",
		Body: `يسر قسم اللغات واللسانيات أن يعلن عن فتح باب التسجيل في المدرسة الصيفية للغة العربية، التي تقام هذا العام للمرة الخامسة. تستمر الدورة أربعة أسابيع خلال شهر يوليو، وتناسب المبتدئين والطلاب الذين درسوا العربية من قبل.

تشمل الدروس اليومية القراءة والكتابة والمحادثة، إلى جانب حلقات قصيرة عن الأدب العربي الحديث والخط العربي. وفي عطلة نهاية الأسبوع ينظم القسم زيارات إلى المكتبة والمتحف وأمسيات ثقافية مع موسيقى وطعام من مختلف البلدان العربية.

يقوم بالتدريس أساتذة من القسم وطلاب دراسات عليا يتكلمون العربية لغةً أمّاً. ويحصل المشاركون في نهاية الدورة على شهادة حضور ووصف مفصل للمستوى الذي وصلوا إليه.

آخر موعد للتسجيل هو الخامس عشر من مايو، والأماكن محدودة. للاستفسار يرجى مراسلة منسق البرنامج عبر البريد الإلكتروني.`,
	},

	// ---- Mesa Abierta (Spanish, Portuguese, Italian, French) ----
	{
		Site: "mesa", Path: "/recetas/gazpacho-andaluz", Lang: "es", In: InWARC,
		Title: "Gazpacho andaluz como lo hacía mi abuela",
		Body: `Cuando llega el calor de verdad, en mi casa no hay comida sin una jarra de gazpacho en la nevera. Es una receta humilde, de aprovechamiento, que solo pide buenos tomates maduros y un poco de paciencia para dejarla enfriar.

## Ingredientes para cuatro personas

- Un kilo de tomates muy maduros
- Medio pimiento verde y un trozo de pepino
- Un diente de ajo pequeño
- Un trozo de pan del día anterior
- Aceite de oliva virgen extra, vinagre de Jerez y sal

Trocea las verduras y ponlas en un cuenco con el pan remojado, el ajo y un buen chorro de aceite. Tritúralo todo hasta que quede muy fino y pásalo por un colador si te gusta la textura sedosa.

Prueba y ajusta de sal y vinagre. Mi abuela decía que el gazpacho tiene que saber a tomate, no a ajo, así que **no te pases**. Déjalo al menos dos horas en la nevera y sírvelo con picatostes y pepino picado.`,
	},
	{
		Site: "mesa", Path: "/recetas/tortilla-de-patatas", Lang: "es", In: InWET,
		Title: "Tortilla de patatas jugosa, paso a paso",
		Body: `Pocas recetas provocan tantas discusiones como la tortilla de patatas. Con cebolla o sin cebolla, cuajada o jugosa, gruesa o fina: cada familia tiene su versión y todas son la mejor. Esta es la nuestra, con cebolla y el centro todavía cremoso.

Pela un kilo de patatas y córtalas en láminas finas. Pocha las patatas y una cebolla grande en abundante aceite a fuego suave durante unos veinte minutos, sin que lleguen a dorarse. Escúrrelas bien y guarda el aceite para otros guisos.

Bate seis huevos con sal, añade las patatas todavía calientes y deja reposar la mezcla unos minutos. Así las patatas absorben el huevo y la tortilla queda más jugosa.

Cuaja la tortilla en una sartén con poco aceite, dale la vuelta con ayuda de un plato y déjala un minuto más por el otro lado. Sírvela templada, nunca recién hecha.`,
	},
	{
		Site: "mesa", Path: "/pt/receitas/caldo-verde", Lang: "pt", In: InWARC,
		Gzip: true, Chunked: true,
		Title: "Caldo verde: a sopa que aquece o inverno",
		Body: `O caldo verde é talvez a sopa mais conhecida de Portugal, e não é por acaso. Leva poucos ingredientes, faz-se em meia hora e consola como poucas coisas nos dias frios de inverno.

Comece por cozer batatas e uma cebola em água com sal. Quando as batatas estiverem macias, triture tudo até obter um creme liso. Entretanto, corte a couve em tiras muito finas, quase como fios de cabelo. É este corte que dá à sopa o seu aspeto característico.

Junte a couve ao creme a ferver e deixe cozinhar apenas três ou quatro minutos, para que mantenha a cor verde viva. Tempere com um fio generoso de azeite no fim.

Tradicionalmente serve-se com uma rodela de chouriço em cada prato e uma fatia de broa de milho ao lado. Nas festas populares de junho é vendida em malgas de barro, a qualquer hora da noite.`,
	},
	{
		Site: "mesa", Path: "/pt/receitas/pasteis-de-nata-caseiros", Lang: "pt", In: InWET,
		Title: "Pastéis de nata caseiros sem complicações",
		Body: `Fazer pastéis de nata em casa parece uma tarefa reservada a pasteleiros profissionais, mas com massa folhada comprada e um pouco de atenção o resultado surpreende. O segredo está no forno: tem de estar o mais quente possível.

Para o creme, leve ao lume leite, açúcar, uma casca de limão e um pau de canela. À parte, misture farinha com um pouco de leite frio e junte as gemas. Quando o leite ferver, retire a canela e o limão e junte-o aos poucos à mistura de gemas, mexendo sempre.

Enrole a massa folhada, corte-a em rodelas e forre as formas com os polegares molhados, deixando a massa mais fina no fundo. Encha com o creme até três quartos e leve ao forno durante doze a quinze minutos, até aparecerem manchas escuras.

Sirva mornos, polvilhados com canela e açúcar em pó.`,
	},
	{
		Site: "mesa", Path: "/it/ricette/risotto-alla-zucca", Lang: "it", In: InWET,
		Title: "Risotto alla zucca con salvia croccante",
		Body: `In autunno la zucca arriva in cucina quasi ogni settimana, e il risotto è il modo più semplice per farla diventare protagonista. Questa versione è cremosa senza panna e profuma di salvia fritta.

Taglia a cubetti mezzo chilo di zucca e falla appassire con uno scalogno e un filo d'olio. Quando è morbida, schiacciane metà con una forchetta: servirà a legare il risotto. Tosta il riso nello stesso tegame, sfuma con un bicchiere di vino bianco e porta a cottura aggiungendo brodo caldo poco alla volta.

A fuoco spento manteca con burro freddo e parmigiano, poi lascia riposare due minuti con il coperchio. Intanto friggi qualche foglia di salvia in una padellina finché diventa croccante.

Servi il risotto all'onda, con la salvia sopra e una macinata di pepe nero.`,
	},
	{
		Site: "mesa", Path: "/fr/recettes/tarte-normande", Lang: "fr", In: InWARC,
		Charset: "windows-1252", Declare: DeclareHeader,
		Title: "Tarte normande aux pommes et à la crème",
		Body: `Chez nous, la tarte normande est le dessert du dimanche d’automne, quand les pommes du verger s’entassent dans des cagettes au fond du garage. Elle ne demande aucun talent particulier : une pâte brisée, des pommes, de la crème et des œufs.

Étalez la pâte dans un moule beurré et piquez le fond à la fourchette. Épluchez quatre pommes acidulées, coupez-les en quartiers et disposez-les en rosace serrée. Faites cuire un quart d’heure à four chaud, le temps que les fruits commencent à dorer.

Pendant ce temps, battez deux œufs avec cent grammes de sucre, vingt centilitres de crème fraîche épaisse et une cuillère de calvados — facultative, mais conseillée. Versez l’appareil sur les pommes et remettez au four vingt-cinq minutes.

Ma grand-mère disait « une tarte se mange tiède et se partage froide ». Nous n’avons jamais réussi à vérifier la seconde moitié du proverbe.`,
	},

	// ---- Open Shelf Reading Network (Russian, Chinese, Japanese, Arabic, Czech, Polish) ----
	{
		Site: "shelf", Path: "/ru/kruzhki/chitaem-chehova", Lang: "ru", In: InWARC,
		Charset: "KOI8-R", Declare: DeclareBoth,
		Title: "Читаем Чехова вместе: новый кружок по средам",
		Body: `С марта в нашей сети открывается новый читательский кружок, посвящённый рассказам Антона Чехова. Встречи проходят по средам в семь часов вечера в читальном зале на Садовой улице и одновременно онлайн.

Каждую неделю мы выбираем один короткий рассказ, который участники читают заранее. На встрече ведущая коротко рассказывает о том, когда и при каких обстоятельствах он был написан, а потом начинается самое интересное: разговор о героях, о смешном и грустном, о том, что изменилось за сто с лишним лет и что осталось прежним.

Кружок подходит и тем, кто давно не брал в руки классику, и тем, кто знает Чехова почти наизусть. Русский язык не обязательно должен быть родным: многие участники изучают его как иностранный.

Участие бесплатное. Книги можно взять в нашей библиотеке или прочитать с экрана.`,
	},
	{
		Site: "shelf", Path: "/ru/sobytiya/vesennij-obmen-knigami", Lang: "ru", In: InWET,
		Title: "Весенний обмен книгами",
		Body: `В последнюю субботу апреля мы проводим весенний обмен книгами. Принесите книги, которые вы уже прочитали и готовы отдать, и выберите взамен те, которые хотели бы прочитать. Никаких денег и никаких правил, кроме одного: книга должна быть в хорошем состоянии.

Обмен пройдёт во дворе библиотеки с одиннадцати до четырёх часов. Если пойдёт дождь, столы перенесут в холл. Волонтёры помогут разложить книги по темам: художественная литература, детские книги, путешествия, кулинария и всё остальное.

В прошлый раз через наши столы прошло больше восьмисот книг. То, что останется в конце дня, мы передадим в школьные библиотеки и в дом престарелых на соседней улице.

Для детей будет отдельный уголок с чтением вслух и раскрасками.`,
	},
	{
		Site: "shelf", Path: "/zh/circles/tang-poetry", Lang: "zh", In: InWET,
		Title: "唐诗读书会招募新成员",
		Body: `我们的唐诗读书会已经坚持了三年，每个月的第二个星期六下午在中心图书馆的小会议室见面。现在我们欢迎新成员加入，无论你是刚开始接触古诗，还是已经能背诵几百首。

每次聚会我们会选一位诗人，提前把五六首作品发到群里。大家先各自朗读、查资料，聚会时再一起讨论诗里的意象、用典和当时的历史背景。有时讨论会变得很热烈，一首短短的绝句可以聊上一个小时。

读书会的成员来自各行各业，有退休的中学老师，有在附近上班的工程师，也有周末才有空的大学生。年龄最小的只有十五岁，最大的已经七十多岁了。大家因为对诗歌的喜爱走到一起，彼此之间也成了很好的朋友。

除了讨论，我们也尝试用现代汉语改写古诗，或者把诗里的景色画出来。去年秋天，成员们还一起去城外的山上登高，在山顶朗读了重阳节的诗。每次聚会结束前，我们会一起决定下一次要读的诗人，并互相推荐适合入门的注本和参考书。图书馆也专门为读书会准备了一个书架。

参加读书会不收取任何费用，只需要带上一颗好奇的心。如果你想加入，请在活动当天直接到图书馆二楼，或者给我们发邮件。`,
	},
	{
		Site: "shelf", Path: "/zh/notice/saturday-cancelled", Lang: "zh", In: InWET,
		Short: true,
		Title: "本周六活动取消",
		Body:  `因图书馆电路检修，本周六下午的读书会暂停一次，下次活动照常进行。给大家带来不便，敬请谅解。`,
	},
	{
		Site: "shelf", Path: "/ja/circles/haiku", Lang: "ja", In: InWARC,
		Charset: "Shift_JIS", Declare: DeclareHTTPEquiv,
		Title: "俳句の会：参加者募集",
		Body: `オープンシェルフでは、毎月第一日曜日の午前中に俳句の会を開いています。初心者の方も経験者の方も、どなたでも歓迎します。季語の使い方や五七五のリズムがよくわからなくても、心配はいりません。

会では、まず参加者がそれぞれ持ってきた句を、名前を伏せて一枚の紙に書き出します。それから全員で読み合い、気に入った句に票を入れて、なぜその句に惹かれたのかを話し合います。作者が名乗るのは最後です。

季節ごとに近くの公園や川辺へ吟行に出かけることもあります。春は桜、夏は蓮の花、秋は紅葉と、歩きながら見つけた景色をその場で句にするのは、とても楽しい体験です。

参加費は無料です。筆記用具と、よろしければ歳時記をお持ちください。図書館にも貸し出し用の歳時記を数冊用意していますので、持っていない方も安心してご参加ください。

句会のあとは、図書館の喫茶コーナーでお茶を飲みながら、好きな俳人や最近読んだ句集について話すのが恒例になっています。年に一度、会員の句をまとめた小さな冊子も作っています。`,
	},
	{
		Site: "shelf", Path: "/ja/events/ehon", Lang: "ja", In: InWET,
		Title: "子ども向け絵本の読み聞かせ会",
		Body: `毎週土曜日の午前十時半から、図書館の児童コーナーで絵本の読み聞かせ会を行っています。対象は三歳から七歳までのお子さんと、その保護者の方です。

読み手はボランティアのみなさんで、季節に合わせた絵本や昔話、時には外国の絵本も紹介します。手遊びや歌を交えながら、三十分ほどで三冊から四冊を読みます。途中で声を出したり、動き回ったりしても大丈夫です。

読み聞かせのあとは、紹介した絵本を借りることができます。図書館のカードをお持ちでない方も、その場で作ることができますので、身分証明書をご持参ください。

また、読み聞かせのボランティアも募集しています。人前で読むのが初めての方のために、年に二回、話し方や本の選び方を学ぶ講習会を開いています。子どもたちの笑顔に会いに来てください。

読み聞かせ会の前後には、児童コーナーの本を自由に手に取って読むことができます。赤ちゃん向けの絵本や小学生向けの読み物もたくさんそろっていますので、親子でゆっくりお過ごしください。毎月最後の土曜日には、季節の工作も行います。`,
	},
	{
		Site: "shelf", Path: "/ar/events/arabic-book-club", Lang: "ar", In: InWET,
		Title: "نادي القراءة العربي يستأنف لقاءاته",
		Body: `يستأنف نادي القراءة العربي لقاءاته الشهرية بعد توقف قصير خلال فصل الشتاء. يجتمع أعضاء النادي في أول خميس من كل شهر في قاعة المطالعة بالمكتبة المركزية، من الساعة السادسة حتى الثامنة مساءً.

نختار في كل شهر رواية أو مجموعة قصصية لكاتب عربي معاصر، ونقرأها على مهل قبل اللقاء. وخلال الجلسة يتحدث كل مشارك عن انطباعاته والمقاطع التي لفتت انتباهه، ثم نفتح نقاشاً حراً حول الأسلوب والشخصيات والقضايا التي يطرحها النص.

النادي مفتوح للجميع، سواء كانت العربية لغتك الأم أم كنت تتعلمها. ويسعدنا بشكل خاص أن نستقبل الطلاب الذين يرغبون في تحسين قراءتهم بالعربية في جو ودي بعيد عن قاعات الدرس.

الكتب متوفرة للإعارة في المكتبة، والمشاركة مجانية. نقدم الشاي والقهوة في كل لقاء.`,
	},
	{
		Site: "shelf", Path: "/cs/kruhy/ctenarsky-kruh", Lang: "cs", In: InWET,
		Title: "Čtenářský kruh pro dospělé hledá nové členy",
		Body: `Náš čtenářský kruh se schází každé druhé úterý v podvečer v malém sále knihovny na náměstí. Čteme převážně současnou českou prózu, ale občas sáhneme i po překladové literatuře nebo po klasice, kterou jsme kdysi museli číst ve škole a chceme jí dát druhou šanci.

Na každé setkání připravuje jeden z členů krátký úvod o autorovi a o tom, proč knihu vybral. Pak následuje volná debata, která se často protáhne i do kavárny za rohem. Nikdo nemusí mluvit, když nechce, a nikdo se nemusí stydět za to, že knihu nedočetl.

V současné době máme dvanáct pravidelných členů a rádi bychom přivítali další, zejména mladší čtenáře. Stačí přijít na nejbližší setkání, nebo nám napsat.

Knihy si můžete vypůjčit v knihovně, kde pro nás vždy odkládají několik výtisků.`,
	},
	{
		Site: "shelf", Path: "/pl/kola/klub-reportazu", Lang: "pl", In: InWARC,
		Declare: DeclareHeader,
		Title:   "Klub miłośników reportażu",
		Body: `Od października w czytelni przy ulicy Ogrodowej działa klub miłośników reportażu. Spotykamy się raz w miesiącu, w czwartkowy wieczór, aby porozmawiać o książkach, które opowiadają o prawdziwych ludziach i miejscach.

Polski reportaż ma bogatą tradycję i wielu czytelników na całym świecie, ale w klubie czytamy także autorów z innych krajów. Na każde spotkanie wybieramy jedną książkę, a osoba, która ją zaproponowała, przygotowuje krótkie wprowadzenie.

Raz na kwartał zapraszamy gościa: dziennikarza, fotografa albo tłumacza, który opowiada o kulisach swojej pracy. Te spotkania są otwarte dla wszystkich i cieszą się dużym zainteresowaniem, dlatego warto przyjść wcześniej.

Udział w klubie jest bezpłatny. Książki można wypożyczyć w naszej bibliotece lub przynieść własne.`,
	},
}

// notFound is the error page served for a missing recipe (a 404 response).
var notFound = Page{
	Site: "mesa", Path: "/recetas/paella-de-marisco", Lang: "es", In: InWARC,
	Title: "Página no encontrada",
	Body: `Lo sentimos, la receta que buscas ya no está en nuestra web. Puede que la hayamos renombrado o que el enlace esté mal escrito.

Prueba a buscarla desde la [página de recetas](/recetas) o vuelve al [inicio](/).`,
}

// Sites returns the fictional sites of the sample.
func Sites() []Site {
	return append([]Site(nil), sites...)
}

// Pages returns the pages of the sample, in the order they are written.
func Pages() []Page {
	return append([]Page(nil), pages...)
}

// SiteOf returns the site of p.
func SiteOf(p Page) Site {
	for _, s := range sites {
		if s.Key == p.Site {
			return s
		}
	}
	panic("sample: unknown site " + p.Site)
}

// URL returns the address of p.
func URL(p Page) string {
	return "https://" + SiteOf(p).Host + p.Path
}
