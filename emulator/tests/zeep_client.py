"""Drive the mktows emulator with zeep, a third-party Python SOAP client.

Usage: zeep_client.py WSDL_URL USER_ID SECRET EMAIL

Loads the emulator's WSDL (whose soap:address the emulator points at itself), signs every
call here in Python (HMAC-SHA1 over requestTimestamp + mktowsUserId, as Marketo
documents), and calls syncLead twice, getLead by EMAIL, and syncLead with a wrong
signature. Prints one JSON object with what came back; `emulator/tests/zeep.rs` checks it.
Exits 1 (with a traceback on stderr) if anything other than the expected fault goes wrong.
"""

import datetime
import hashlib
import hmac
import json
import sys

import zeep
from zeep.exceptions import Fault
from zeep.transports import Transport

MKTOWS_NS = "http://www.marketo.com/mktows/"
# Marketo's documentation signs timestamps like 2013-07-31T12:38:47-07:00: use that offset,
# so the emulator's parsing of a non-UTC offset is exercised too.
OFFSET = datetime.timezone(datetime.timedelta(hours=-7))


def request_timestamp():
    """Now, in W3C form with whole seconds and a numeric UTC offset."""
    now = datetime.datetime.now(OFFSET).replace(microsecond=0)
    return now.isoformat()


def auth_header(client, user_id, secret):
    """A freshly signed AuthenticationHeader element value."""
    header = client.get_element("{%s}AuthenticationHeader" % MKTOWS_NS)
    timestamp = request_timestamp()
    signature = hmac.new(
        secret.encode("utf-8"),
        (timestamp + user_id).encode("utf-8"),
        hashlib.sha1,
    ).hexdigest()
    return header(
        mktowsUserId=user_id,
        requestSignature=signature,
        requestTimestamp=timestamp,
    )


def lead_record(email, first_name):
    return {
        "Email": email,
        "leadAttributeList": {
            "attribute": [{"attrName": "FirstName", "attrValue": first_name}]
        },
    }


def sync_summary(result):
    return {
        "leadId": result.leadId,
        "status": result.syncStatus.status,
        "syncStatusLeadId": result.syncStatus.leadId,
        "error": result.syncStatus.error,
    }


def lead_summary(record):
    attributes = {}
    if record.leadAttributeList is not None:
        for a in record.leadAttributeList.attribute:
            attributes[a.attrName] = {"type": a.attrType, "value": a.attrValue}
    return {"Id": record.Id, "Email": record.Email, "attributes": attributes}


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    wsdl_url, user_id, secret, email = argv[1:]
    transport = Transport(timeout=30, operation_timeout=30)
    client = zeep.Client(wsdl_url, transport=transport)
    service = client.service
    out = {
        "zeep_version": zeep.__version__,
        "soap_address": service._binding_options["address"],
    }

    def signed():
        return [auth_header(client, user_id, secret)]

    first = service.syncLead(
        leadRecord=lead_record(email, "Ada"), returnLead=True, _soapheaders=signed()
    )
    out["first"] = sync_summary(first)
    second = service.syncLead(
        leadRecord=lead_record(email, "Grace"), returnLead=True, _soapheaders=signed()
    )
    out["second"] = sync_summary(second)

    got = service.getLead(
        leadKey={"keyType": "EMAIL", "keyValue": email}, _soapheaders=signed()
    )
    leads = got.leadRecordList.leadRecord if got.leadRecordList is not None else []
    out["getLead"] = {"count": got.count, "leads": [lead_summary(r) for r in leads]}

    wrong = [auth_header(client, user_id, secret + "-wrong")]
    try:
        service.syncLead(
            leadRecord=lead_record("wrong-" + email, "Mallory"),
            returnLead=False,
            _soapheaders=wrong,
        )
        out["wrong_signature"] = None
    except Fault as fault:
        code = None
        if fault.detail is not None:
            text = fault.detail.findtext(".//code")
            code = int(text) if text is not None and text.strip().isdigit() else text
        out["wrong_signature"] = {
            "faultcode": fault.code,
            "faultstring": fault.message,
            "code": code,
        }

    json.dump(out, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
