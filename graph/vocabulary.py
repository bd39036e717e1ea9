"""Closed Python view of the tiegraph ontology: a misspelt term is an AttributeError."""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class TG(DefinedNamespace):
    """Terms of `ontology/tiegraph.ttl`; a test keeps this list equal to the ontology's."""

    _NS = Namespace("https://tiegraph.org/ontology#")
    _fail = True

    AdministrativeDivision: URIRef
    BusinessUnit: URIRef
    City: URIRef
    Company: URIRef
    Country: URIRef
    CountyLevelCity: URIRef
    DevelopmentZone: URIRef
    Enrolment: URIRef
    Event: URIRef
    Facility: URIRef
    Firm: URIRef
    GovernmentBody: URIRef
    Headquarters: URIRef
    HighTechPark: URIRef
    Incentive: URIRef
    IndustrialPark: URIRef
    MarketAnnouncement: URIRef
    MarketShareStatement: URIRef
    Municipality: URIRef
    NewsArticle: URIRef
    Organisation: URIRef
    Person: URIRef
    Place: URIRef
    PrefectureLevelCity: URIRef
    Province: URIRef
    ProvincialLevelDivision: URIRef
    ReferenceDataset: URIRef
    RegionalFigure: URIRef
    ResearchCentre: URIRef
    ResearchFirm: URIRef
    Role: URIRef
    SecondHeadquarters: URIRef
    SourceDocument: URIRef
    StateBackedFund: URIRef
    Statement: URIRef
    University: URIRef
    about: URIRef
    amount: URIRef
    announcedBy: URIRef
    announcedIn: URIRef
    basedIn: URIRef
    bornIn: URIRef
    capitalOf: URIRef
    cityTier: URIRef
    commitmentPeriod: URIRef
    currency: URIRef
    date: URIRef
    drivenBy: URIRef
    emergingIndustry: URIRef
    endDate: URIRef
    equivalentAmount: URIRef
    equivalentCurrency: URIRef
    established: URIRef
    exceedsAverageOf: URIRef
    facilityOf: URIRef
    founded: URIRef
    founder: URIRef
    grantor: URIRef
    growthPercent: URIRef
    hasFacility: URIRef
    headquarteredIn: URIRef
    holder: URIRef
    hometown: URIRef
    indicator: URIRef
    industryFocus: URIRef
    initialTrancheAmount: URIRef
    initialTrancheCurrency: URIRef
    institution: URIRef
    involvesFacility: URIRef
    jurisdiction: URIRef
    kind: URIRef
    latitude: URIRef
    locatedIn: URIRef
    longitude: URIRef
    market: URIRef
    nickname: URIRef
    organisation: URIRef
    parentOrganisation: URIRef
    pillarIndustry: URIRef
    place: URIRef
    rank: URIRef
    recipient: URIRef
    referencePeriod: URIRef
    reportedBy: URIRef
    reportedOn: URIRef
    returnAfter: URIRef
    returnMultiple: URIRef
    roleTitle: URIRef
    scope: URIRef
    sharePercent: URIRef
    startDate: URIRef
    statedAim: URIRef
    statedOutcome: URIRef
    student: URIRef
    studiedAt: URIRef
    supports: URIRef
    technologyFocus: URIRef
    titleSupplied: URIRef
    unit: URIRef
    value: URIRef
    valueQualifier: URIRef
