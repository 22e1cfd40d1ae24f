"""The OAI-PMH 2.0 endpoint at ``/oai``: OpenAIRE harvests public projects, organisation units,
persons and fundings as CERIF XML (``oai_cerif_openaire``) or Dublin Core (``oai_dc``).

Only public records are exposed (``exporters.selectors.public_*``). Resumption tokens are
stateless: the position (set, last id, cursor) and the request's from/until/set/prefix, signed
with Django's signing, so any web process can continue any harvest. Lists are ordered by id and
continue after the last id seen, so a record changed during a harvest is neither skipped nor
repeated. Datestamps are ``updated_at`` at second granularity, in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Min, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from .exporters import cerif
from .exporters import selectors as export_selectors

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_SALT = "kunnskapsbro.interop.oai"  # noqa: S105 (a signing salt, not a secret)
DEFAULT_PAGE_SIZE = 100

METADATA_FORMATS = {
    "oai_cerif_openaire": (cerif.SCHEMA_URL, cerif.CERIF_NS),
    # The name the Guidelines' ListMetadataFormats sample uses for the same format.
    "oai_cerif_openaire_v1_2": (cerif.SCHEMA_URL, cerif.CERIF_NS),
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
}

VERBS: dict[str, tuple[set[str], set[str]]] = {
    # verb: (required arguments, optional arguments); resumptionToken is handled apart.
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}


def _dc_project(project: Any, base_url: str) -> list[tuple[str, str]]:
    fields = [("title", project.title), ("type", "info:eu-repo/semantics/project")]
    if project.title_en:
        fields.append(("title", project.title_en))
    fields += [("creator", p.organization.name) for p in project.partners.all()]
    fields += [("subject", keyword) for keyword in project.keywords or []]
    if project.summary:
        fields.append(("description", project.summary))
    if project.start_date:
        fields.append(("date", project.start_date.isoformat()))
    fields.append(("identifier", base_url + project.get_absolute_url()))
    fields += [("identifier", f"{i.scheme}:{i.value}") for i in project.identifiers.all()]
    return fields


def _dc_orgunit(org: Any, base_url: str) -> list[tuple[str, str]]:
    fields = [("title", org.name), ("type", "Organisation")]
    if org.orgnr:
        fields.append(("identifier", f"orgnr:{org.orgnr}"))
    if org.ror_id:
        fields.append(("identifier", cerif.ror_url(org.ror_id)))
    if org.website:
        fields.append(("identifier", org.website))
    return fields


def _dc_person(person: Any, base_url: str) -> list[tuple[str, str]]:
    fields = [("title", person.full_name), ("type", "Person")]
    if person.orcid:
        fields.append(("identifier", cerif.orcid_url(person.orcid)))
    return fields


def _dc_funding(line: Any, base_url: str) -> list[tuple[str, str]]:
    fields = [
        ("title", cerif._funding_name(line)),
        ("type", "Funding"),
        ("publisher", line.funder.name),
    ]
    if line.grant_id:
        fields.append(("identifier", line.grant_id))
    return fields


@dataclass(frozen=True)
class OaiSet:
    spec: str
    name: str
    prefix: str  # the CERIF id prefix: Projects, OrgUnits, …
    listing: Callable[[], QuerySet[Any]]
    records: Callable[[], QuerySet[Any]]
    cerif: Callable[[Any], Any]
    dc: Callable[[Any, str], list[tuple[str, str]]]


SETS = [
    OaiSet(
        "openaire_cris_projects",
        "OpenAIRE_CRIS_projects",
        "Projects",
        export_selectors.public_projects,
        export_selectors.public_projects_for_cerif,
        cerif.project_element,
        _dc_project,
    ),
    OaiSet(
        "openaire_cris_orgunits",
        "OpenAIRE_CRIS_orgunits",
        "OrgUnits",
        export_selectors.public_organizations,
        export_selectors.public_organizations_for_cerif,
        cerif.orgunit_element,
        _dc_orgunit,
    ),
    OaiSet(
        "openaire_cris_persons",
        "OpenAIRE_CRIS_persons",
        "Persons",
        export_selectors.public_persons,
        export_selectors.public_persons_for_cerif,
        lambda person: cerif.person_element(person, cerif.person_affiliations(person)),
        _dc_person,
    ),
    OaiSet(
        "openaire_cris_funding",
        "OpenAIRE_CRIS_funding",
        "Fundings",
        export_selectors.public_fundings,
        export_selectors.public_fundings_for_cerif,
        cerif.funding_element,
        _dc_funding,
    ),
]
SETS_BY_SPEC = {s.spec: s for s in SETS}
SETS_BY_PREFIX = {s.prefix: s for s in SETS}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def repository_identifier() -> str:
    """The ``oai:<this>:`` part of identifiers: a domain name (setting, else the site's host)."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    if configured:
        return configured
    host = urlsplit(getattr(settings, "SITE_URL", "")).hostname or ""
    if re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9\-]*(\.[a-zA-Z0-9][a-zA-Z0-9\-]*)+", host):
        return host
    return "kunnskapsbro.local"


def oai_identifier(obj: Any) -> str:
    return f"oai:{repository_identifier()}:{cerif.record_id(obj)}"


def datestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page_size() -> int:
    return int(getattr(settings, "OAI_PAGE_SIZE", DEFAULT_PAGE_SIZE))


# --- request parsing --------------------------------------------------------------------


def _arguments(params: QueryDict) -> dict[str, str]:
    arguments: dict[str, str] = {}
    if len(params.getlist("verb")) > 1:
        raise OaiError("badVerb", "The verb argument is repeated.")
    for key, values in params.lists():
        if _NOT_XML.search(key) or any(_NOT_XML.search(value) for value in values):
            # Echoed into the response, such a character would make the XML ill-formed.
            raise OaiError("badArgument", "An argument contains a character XML cannot hold.")
        if len(values) > 1:
            raise OaiError("badArgument", f"The argument '{key}' is repeated.")
        arguments[key] = values[0]
    return arguments


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _parse_datestamp(value: str, name: str) -> tuple[dt.datetime, str]:
    """(instant, granularity) of a from/until argument."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), "day"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value):
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC), (
                "second"
            )
    except ValueError:
        pass
    raise OaiError(
        "badArgument",
        f"'{name}' must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ): {value!r}.",
    )


def _window(arguments: dict[str, str]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """from/until as the half-open interval [start, end) of updated_at."""
    start = end = None
    granularities = set()
    if "from" in arguments:
        start, granularity = _parse_datestamp(arguments["from"], "from")
        granularities.add(granularity)
    if "until" in arguments:
        until, granularity = _parse_datestamp(arguments["until"], "until")
        granularities.add(granularity)
        end = until + (dt.timedelta(days=1) if granularity == "day" else dt.timedelta(seconds=1))
    if len(granularities) > 1:
        raise OaiError("badArgument", "'from' and 'until' must have the same granularity.")
    if start is not None and end is not None and start >= end:
        raise OaiError("badArgument", "'from' is later than 'until'.")
    return start, end


@dataclass
class ListState:
    prefix: str
    set_spec: str
    start: dt.datetime | None
    end: dt.datetime | None
    set_index: int = 0
    after: int = 0
    cursor: int = 0

    def to_token(self) -> str:
        return signing.dumps(
            {
                "p": self.prefix,
                "s": self.set_spec,
                "f": self.start.isoformat() if self.start else None,
                "u": self.end.isoformat() if self.end else None,
                "i": self.set_index,
                "a": self.after,
                "c": self.cursor,
            },
            salt=TOKEN_SALT,
            compress=True,
        )

    @classmethod
    def from_token(cls, token: str) -> ListState:
        try:
            data = signing.loads(token, salt=TOKEN_SALT)
            state = cls(
                prefix=str(data["p"]),
                set_spec=str(data["s"]),
                start=dt.datetime.fromisoformat(data["f"]) if data["f"] else None,
                end=dt.datetime.fromisoformat(data["u"]) if data["u"] else None,
                set_index=int(data["i"]),
                after=int(data["a"]),
                cursor=int(data["c"]),
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise OaiError("badResumptionToken", "The resumption token is invalid.") from exc
        if state.prefix not in METADATA_FORMATS or not 0 <= state.set_index < len(SETS):
            raise OaiError("badResumptionToken", "The resumption token is invalid.")
        return state

    def sets(self) -> list[OaiSet]:
        return [SETS_BY_SPEC[self.set_spec]] if self.set_spec else SETS


# --- responses --------------------------------------------------------------------------


def _envelope(request: HttpRequest, verb: str | None, arguments: dict[str, str]) -> Any:
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    )
    etree.SubElement(root, f"{{{OAI_NS}}}responseDate").text = datestamp(timezone.now())
    element = etree.SubElement(root, f"{{{OAI_NS}}}request")
    element.text = _base_url(request)
    if verb is not None:
        element.set("verb", verb)
        for key, value in arguments.items():
            element.set(key, value)
    return root


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("oai"))


def _sub(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{OAI_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _response(root: Any) -> HttpResponse:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    """OAI-PMH 2.0: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords,
    GetRecord. Errors are OAI-PMH error elements in a 200 response, as the protocol says."""
    params = request.POST if request.method == "POST" else request.GET
    verb: str | None = None
    arguments: dict[str, str] = {}
    try:
        arguments = _arguments(params)
        verb = arguments.pop("verb", None)
        if verb not in VERBS:
            verb = None
            raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
        _check_arguments(verb, arguments)
        root = _envelope(request, verb, arguments)
        handler = HANDLERS[verb]
        root.append(handler(request, arguments))
    except OaiError as error:
        echo = error.code not in {"badVerb", "badArgument"}
        root = _envelope(request, verb if echo else None, arguments if echo else {})
        _sub(root, "error", error.message).set("code", error.code)
    return _response(root)


def _check_arguments(verb: str, arguments: dict[str, str]) -> None:
    required, optional = VERBS[verb]
    if "resumptionToken" in arguments:
        if verb not in RESUMABLE:
            raise OaiError("badArgument", f"{verb} does not take a resumptionToken.")
        if len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return
    illegal = set(arguments) - required - optional
    if illegal:
        raise OaiError(
            "badArgument", f"Illegal argument(s) for {verb}: {', '.join(sorted(illegal))}."
        )
    missing = required - set(arguments)
    if missing:
        raise OaiError(
            "badArgument", f"Missing argument(s) for {verb}: {', '.join(sorted(missing))}."
        )


def _identify(request: HttpRequest, arguments: dict[str, str]) -> Any:
    identify = etree.Element(f"{{{OAI_NS}}}Identify")
    _sub(identify, "repositoryName", getattr(settings, "OAI_REPOSITORY_NAME", "Kunnskapsbro"))
    _sub(identify, "baseURL", _base_url(request))
    _sub(identify, "protocolVersion", "2.0")
    repository = repository_identifier()
    admin = getattr(settings, "OAI_ADMIN_EMAIL", "") or (
        settings.ADMINS[0][1] if getattr(settings, "ADMINS", None) else f"post@{repository}"
    )
    _sub(identify, "adminEmail", admin)
    earliest = [s.listing().aggregate(first=Min("updated_at"))["first"] for s in SETS]
    earliest_stamp = min((e for e in earliest if e is not None), default=timezone.now())
    _sub(identify, "earliestDatestamp", datestamp(earliest_stamp))
    _sub(identify, "deletedRecord", "no")
    _sub(identify, "granularity", GRANULARITY)

    description = _sub(identify, "description")
    oai_id = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER_NS}}}oai-identifier", nsmap={None: OAI_IDENTIFIER_NS}
    )
    for tag, text in [
        ("scheme", "oai"),
        ("repositoryIdentifier", repository),
        ("delimiter", ":"),
        ("sampleIdentifier", f"oai:{repository}:Projects/1"),
    ]:
        etree.SubElement(oai_id, f"{{{OAI_IDENTIFIER_NS}}}{tag}").text = text

    description = _sub(identify, "description")
    service = etree.SubElement(
        description, f"{{{cerif.CERIF_NS}}}Service", nsmap={None: cerif.CERIF_NS}
    )
    service.set("id", "Services/kunnskapsbro")
    compatibility_ns = "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Service_Compatibility"
    etree.SubElement(
        service, f"{{{compatibility_ns}}}Compatibility", nsmap={None: compatibility_ns}
    ).text = f"{compatibility_ns}#1.2"
    etree.SubElement(service, f"{{{cerif.CERIF_NS}}}Acronym").text = "Kunnskapsbro"
    name = etree.SubElement(service, f"{{{cerif.CERIF_NS}}}Name")
    name.set(cerif.XML_LANG, "nb")
    name.text = "Kunnskapsbro – FoU-porteføljen til universitetskommuner"
    etree.SubElement(service, f"{{{cerif.CERIF_NS}}}WebsiteURL").text = request.build_absolute_uri(
        "/"
    )
    etree.SubElement(service, f"{{{cerif.CERIF_NS}}}OAIPMHBaseURL").text = _base_url(request)
    return identify


def _list_metadata_formats(request: HttpRequest, arguments: dict[str, str]) -> Any:
    if "identifier" in arguments:
        _find(arguments["identifier"])  # idDoesNotExist when it is not public
    element = etree.Element(f"{{{OAI_NS}}}ListMetadataFormats")
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        fmt = _sub(element, "metadataFormat")
        _sub(fmt, "metadataPrefix", prefix)
        _sub(fmt, "schema", schema)
        _sub(fmt, "metadataNamespace", namespace)
    return element


def _list_sets(request: HttpRequest, arguments: dict[str, str]) -> Any:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "ListSets is never split: no token is valid.")
    element = etree.Element(f"{{{OAI_NS}}}ListSets")
    for oai_set in SETS:
        item = _sub(element, "set")
        _sub(item, "setSpec", oai_set.spec)
        _sub(item, "setName", oai_set.name)
    return element


def _find(identifier: str) -> tuple[OaiSet, Any]:
    match = re.fullmatch(
        rf"oai:{re.escape(repository_identifier())}:(\w+)/(\d{{1,18}})", identifier
    )
    oai_set = SETS_BY_PREFIX.get(match.group(1)) if match else None
    obj = oai_set.records().filter(pk=int(match.group(2))).first() if oai_set and match else None
    if obj is None or oai_set is None:
        raise OaiError("idDoesNotExist", f"No public record has the identifier {identifier!r}.")
    return oai_set, obj


def _check_prefix(prefix: str) -> None:
    if prefix not in METADATA_FORMATS:
        raise OaiError(
            "cannotDisseminateFormat",
            f"The metadata format {prefix!r} is not offered; see ListMetadataFormats.",
        )


def _header(parent: Any, oai_set: OaiSet, obj: Any) -> None:
    header = _sub(parent, "header")
    _sub(header, "identifier", f"oai:{repository_identifier()}:{oai_set.prefix}/{obj.pk}")
    _sub(header, "datestamp", datestamp(obj.updated_at))
    _sub(header, "setSpec", oai_set.spec)


def _record(parent: Any, oai_set: OaiSet, obj: Any, prefix: str, base_url: str) -> None:
    record = _sub(parent, "record")
    _header(record, oai_set, obj)
    metadata = _sub(record, "metadata")
    if prefix == "oai_dc":
        metadata.append(_dc_element(oai_set.dc(obj, base_url)))
    else:
        metadata.append(oai_set.cerif(obj))


def _dc_element(fields: list[tuple[str, str]]) -> Any:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    )
    for name, value in fields:
        text = cerif._text(value)
        if text:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = text
    return root


def _get_record(request: HttpRequest, arguments: dict[str, str]) -> Any:
    _check_prefix(arguments["metadataPrefix"])
    oai_set, obj = _find(arguments["identifier"])
    element = etree.Element(f"{{{OAI_NS}}}GetRecord")
    base_url = request.build_absolute_uri("/").rstrip("/")
    _record(element, oai_set, obj, arguments["metadataPrefix"], base_url)
    return element


def _list(request: HttpRequest, arguments: dict[str, str], *, records: bool) -> Any:
    resumed = "resumptionToken" in arguments
    if resumed:
        state = ListState.from_token(arguments["resumptionToken"])
    else:
        _check_prefix(arguments["metadataPrefix"])
        start, end = _window(arguments)
        state = ListState(arguments["metadataPrefix"], arguments.get("set", ""), start, end)
        if state.set_spec and state.set_spec not in SETS_BY_SPEC:
            raise OaiError("noRecordsMatch", f"There is no set {state.set_spec!r}.")
    sets = state.sets()
    if state.set_index >= len(sets):
        raise OaiError("badResumptionToken", "The resumption token is invalid.")

    def windowed(oai_set: OaiSet, *, full: bool) -> QuerySet[Any]:
        queryset = oai_set.records() if full else oai_set.listing()
        return export_selectors.modified_between(queryset, state.start, state.end)

    def next_nonempty(after_index: int) -> int:
        """The next set that has something in the window, or -1."""
        return next(
            (
                index
                for index in range(after_index + 1, len(sets))
                if windowed(sets[index], full=False).exists()
            ),
            -1,
        )

    if not resumed and not windowed(sets[0], full=False).exists():
        state.set_index = next_nonempty(0)
        if state.set_index == -1:
            raise OaiError("noRecordsMatch", "No public records match the request.")

    size = _page_size()
    oai_set = sets[state.set_index]
    rows = list(
        windowed(oai_set, full=records).filter(pk__gt=state.after).order_by("pk")[: size + 1]
    )
    more_in_set = len(rows) > size
    rows = rows[:size]
    next_index = state.set_index if more_in_set else next_nonempty(state.set_index)

    element = etree.Element(f"{{{OAI_NS}}}{'ListRecords' if records else 'ListIdentifiers'}")
    base_url = request.build_absolute_uri("/").rstrip("/")
    for obj in rows:
        if records:
            _record(element, oai_set, obj, state.prefix, base_url)
        else:
            _header(element, oai_set, obj)

    has_more = more_in_set or next_index != -1
    if has_more or state.cursor:  # a list split over several responses
        total = sum(windowed(s, full=False).count() for s in sets)
        token = _sub(element, "resumptionToken")
        token.set("completeListSize", str(total))
        token.set("cursor", str(state.cursor))
        if has_more:
            following = ListState(
                state.prefix,
                state.set_spec,
                state.start,
                state.end,
                set_index=state.set_index if more_in_set else next_index,
                after=rows[-1].pk if more_in_set else 0,
                cursor=state.cursor + len(rows),
            )
            token.text = following.to_token()
    return element


HANDLERS: dict[str, Callable[[HttpRequest, dict[str, str]], Any]] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda request, arguments: _list(request, arguments, records=False),
    "ListRecords": lambda request, arguments: _list(request, arguments, records=True),
}
