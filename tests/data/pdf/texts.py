# Texts of the generated test PDFs, written for geomention's tests.
# Each is (title on the page, body, title in the PDF's metadata).
# Marks: ~ soft hyphen point, | forced line break, ^ forced page break
# (see make_pdfs.py). Ligature characters (U+FB00-FB04) are written as
# such so that the PDFs carry them as real reports often do.

ONE = (
    "Field note: how recruiters fill the compounds",
    """
Job advertisements for customer service work in Bangkok reach young people
across the region through chat groups and short videos. The salary promised is
often three times what a graduate earns at home, and the recruiter pays for the
ﬂights. Several people we spoke to in Vientiane said the oﬀer came from a
friend of a friend, which made it feel safe.

The journey rarely ends in Bangkok. Recruits are driven north~west to the border
town of Mae Sot and taken across the river into Myanmar-|based compounds run by
criminal groups. Others are ﬂown to Phnom Penh and driven to Sihanoukville in
Cam~|bodia, where guarded buildings hold thousands of workers. Passports are
taken on arrival and a debt is announced: the cost of the ticket, food and a
"training fee" that grows each week.

Inside, workers are given scripts and ﬁctional proﬁles. They contact targets in
the United States, Germany and Australia through dating apps and investment
groups, and they are punished when they miss quotas. Local oﬃcials who were
asked about the sites said they had no power over private land. Rescued
workers from Kenya, Uganda and the Philip~|pines described the same routine of
sixteen-hour shifts.

Families at home are baﬄed by the silence. Some receive demands for ransom;
others are told that their relative has signed a new contract. Staﬀ at
consulates say that every repatriation takes weeks of negotiation, and that a
sobering share of those freed are later re~cruited again because the debts at
home have not gone away.
""",
    "Field note on scam compound recruitment",
)

TWO = (
    "Money trails of online fraud",
    """
The proceeds of the fraud factories do not stay where the victims are. A
victim in Canada who pays into a fake trading platform sends money to an
account that is emptied within minutes. The funds are split, converted to
stablecoins and passed through dozens of wallets before they reach exchange
desks that serve Cambodia, Laos and the Shan State of Myanmar. Investigators
following one case counted eleven hops between the victim's bank and a
casino cashier in the Golden Triangle special economic zone.

Underground banking networks move the value on. Traders in Dubai and Hong Kong
settle balances with gold, electronics and property, so that no single
trans~|action looks unusual. A lawyer in Singapore who advised banks on such
cases said the patterns resemble those of drug money a decade ago, only faster
and spread over far more countries.

Regulators have started to respond. Thailand cut electricity and internet
links to several border sites in 2023, and China sent police liaison officers
to work with counterparts in Laos. The Philippines closed licensed offshore
gaming operators after raids found trafficked workers from Indonesia and
Vietnam in their offices. Each measure displaced the problem rather than
ending it: compounds moved deeper into areas controlled by armed groups, and
new ones opened in Timor-Leste and in the Pacific.

Victims are now found on every continent. Police in Brazil, Nigeria and
South Africa report losses that trace back to the same handful of groups, and
the recruiters have begun to look for workers with rarer languages. A man from
Sri Lanka told us he was hired because he could write convincing messages in
Tamil; a woman from Ethiopia was made to target Amharic speakers in the
diaspora. The geography of the victims has become the geography of the
workforce.

Researchers who map these flows face a practical problem. The best evidence
sits in court files, bank alerts and NGO case notes that are scattered across
languages and formats. Counting which countries appear in a large body of
reports, and how often, is a first step towards seeing where attention is
missing. It does not replace reading, but it shows which routes have been
documented and which remain blank on the map, and it can be repeated each
month as new reports appear.

One investigator put it plainly: the companies that run the platforms
advertise in one country, hire in a second, hold their workers in a third
and bank in a fourth. Any response that stops at a single border will only
move the operation one step along the chain, as the past three years have
shown again and again from Myanmar to Cambodia and from Laos to the
Philippines.
""",
    "Money trails of online fraud (working paper)",
)

THREE = (
    "Trafficking routes to Africa and the Pacific",
    """
For most of the last decade, studies of forced criminality focused on
Southeast Asia. That picture is now incomplete. Compounds modelled on those
of the Mekong have been reported in West Africa and in several Pacific
island states, and recruiters use the same methods wherever they operate.

In Ghana and Nigeria, police raids in 2024 found dozens of foreign workers in
rented villas that had been turned into call centres. Most were young
graduates from neighbouring countries who had answered online advertisements
for jobs in hospitality. Some had been moved from Côte d'Ivoire and Togo
by road; others had flown in from Kenya with tourist visas arranged by the
recruiters themselves.

The Pacific cases look different. Small populations and few flights make it
hard to hide large groups of foreigners, so operators rent space in hotels
and business parks and keep the numbers low. Reports from Fiji, Vanuatu and
Palau describe workers brought from China and Southeast Asia who are rotated
every few months. Local staff are hired for cleaning and security and are
told little about the work upstairs.

Governments in the region have limited means to inspect these sites. A
senior official in Port Vila said his unit had four investigators for the
whole country, and none of them spoke the languages used on the computers
they had seized. Neighbours have offered help: Australia and New Zealand
fund training, and Japan has donated forensic equipment. Yet the cases
move faster than the agreements.

Recruitment follows the diaspora. Workers from Bangladesh and Nepal are
often approached through agents who already place labour in the Gulf, and a
promise of a job in Malaysia or Dubai can end in a compound in Myanmar
instead. In Africa the pattern is similar: agents in Uganda and Ethiopia who
send domestic workers to the Middle East have been linked to transfers to
Laos and Cambodia.

Survivors who return home face debts, stigma and sometimes prosecution. In
several countries they have been charged with fraud for the messages they
were forced to send. Advocates argue that the principle of non-punishment
should protect them, and that their testimony is the best source of
information about who runs the compounds. Without it, the picture drawn from
police statistics alone leaves out most of the routes.

Data on these flows remain thin. Counts of repatriated citizens, published
by some embassies, give a partial view; court records and media reports fill
in more. Combining them requires care with names: the same country can
appear as Burma or Myanmar, Laos or Lao PDR, East Timor or Timor-Leste, and
a report in French will speak of the Cambodge and the Birmanie. Analysts who
want a map of the problem must first agree on what counts as a mention.

What is clear is that the trade has become global. Victims have been
reported from more than sixty countries, from Mongolia to Madagascar and
from Peru to Papua New Guinea. Tracking where the workers come from, where
they are held and where the money goes is the work of many organisations,
and it depends on sharing what each of them has learnt in reports that can
be read, searched and counted.

A last word on method. The figures in this paper come from reports in
English, French and Spanish published between 2021 and 2024 by United
Nations agencies, national police forces and civil society groups in
Thailand, Cambodia, Kenya and the Solomon Islands. Each report was read in
full and every country it named was noted with the role it played: origin
of workers, place of detention, transit point or destination of funds. The
same method, applied by other teams to other languages, would show whether
the routes we describe are complete or only the part of the trade that is
visible from the countries where we work. We hope that the tables in the
annex, which list every report we used, make that comparison possible and
invite corrections from readers in Mozambique, Zambia, Sierra Leone and the
Marshall Islands, where our coverage was weakest.
""",
    "Trafficking routes to Africa and the Pacific",
)

PAGES = (
    "Notes across pages",
    """
This short document checks that page numbers survive extraction. Its first
page speaks of Samoa and Tonga, where labour schemes recruit seasonal
workers, and ends in the middle of a sentence about recruiters from Papua
New ^Guinea who were offered jobs in Thailand.

The second page turns to Indonesia, whose citizens make up a large share of
the workers rescued from compounds in recent years.

^The third page mentions Fiji once.
""",
    "Notes across pages",
)

SECRET = (
    "A locked note",
    """
This note is about Laos and Thailand. It can only be read with its password.
""",
    "A locked note",
)
