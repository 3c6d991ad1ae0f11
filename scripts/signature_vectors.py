#!/usr/bin/env python3
"""Writes tests/data/signature_vectors.json: HubSpot request-signature test vectors computed
with Python's standard library (hashlib, hmac, base64), independently of the Rust code under
test (src/toolkit/signature.rs).

Run from the repository root: `python3 scripts/signature_vectors.py`. The output is
deterministic; the committed file is its output.

Each vector is a request as a server receives it (method, full URI, headers, raw body), the
client secret the server verifies with, the server's clock (`now_ms`), and the expected
outcome: "ok" with the version that verifies, or the reason it must be rejected. The
signatures are computed over what was *signed*, which differs from what is received in the
tampered vectors.

Signature rules (HubSpot docs, "Validating requests from HubSpot"):
  v1: hex(sha256(secret + body))
  v2: hex(sha256(secret + method + uri + body))
  v3: base64(hmac_sha256(secret, method + decoded_uri + body + timestamp)), where
      decoded_uri has %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B decoded (one pass), and a
      timestamp older than 5 minutes is rejected.
The 5-minute window is inclusive (exactly 300000 ms old is accepted); timestamps up to 30 s in
the future are accepted (clock skew), more is rejected.
"""

import base64
import hashlib
import hmac
import json
import re
from pathlib import Path

SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
OTHER_SECRET = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"
NOW_MS = 1_700_000_000_000
WEBHOOK = "https://example.com/hubspot/channel-connection"
BODY = '{"appId":1234567,"portalId":62515,"userId":1001}'

# The v3 table of HubSpot's docs.
V3_DECODE = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
    "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}
V3_PATTERN = re.compile("|".join(re.escape(k) for k in V3_DECODE), re.IGNORECASE)


def v3_uri(uri: str) -> str:
    return V3_PATTERN.sub(lambda m: V3_DECODE[m.group(0).upper()], uri)


def sign_v1(secret: str, body: bytes) -> str:
    return hashlib.sha256(secret.encode() + body).hexdigest()


def sign_v2(secret: str, method: str, uri: str, body: bytes) -> str:
    return hashlib.sha256(secret.encode() + method.encode() + uri.encode() + body).hexdigest()


def sign_v3(secret: str, method: str, uri: str, body: bytes, timestamp: str, decode=True) -> str:
    source = method.encode() + (v3_uri(uri) if decode else uri).encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()


# The examples published in HubSpot's docs.
DOCS_V1_BODY = (
    '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,'
    '"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM",'
    '"changeFlag":"NEW","appId":54321}]'
)
DOCS_V1_SIGNATURE = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
DOCS_V2_URI = "https://www.example.com/webhook_uri"
DOCS_V2_SIGNATURE = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
assert sign_v1(SECRET, DOCS_V1_BODY.encode()) == DOCS_V1_SIGNATURE
assert sign_v2(SECRET, "GET", DOCS_V2_URI, b"") == DOCS_V2_SIGNATURE

vectors = []


def v3(name, expect, *, method="POST", uri=WEBHOOK, body=BODY, ts=NOW_MS, secret=SECRET,
       verify_secret=SECRET, received_method=None, received_uri=None, received_body=None,
       received_ts=None, decode=True, signature=None, note=""):
    timestamp = str(ts)
    sig = signature or sign_v3(secret, method, uri, body.encode(), timestamp, decode)
    vectors.append({
        "name": name,
        "note": note,
        "secret": verify_secret,
        "method": received_method or method,
        "uri": received_uri or uri,
        "body": received_body if received_body is not None else body,
        "headers": {
            "X-HubSpot-Signature-v3": sig,
            "X-HubSpot-Request-Timestamp": str(received_ts) if received_ts is not None else timestamp,
        },
        "now_ms": NOW_MS,
        "expect": expect,
    })


def legacy(version, name, expect, *, method="POST", uri=WEBHOOK, body=BODY, secret=SECRET,
           verify_secret=SECRET, received_body=None, received_uri=None, signature=None, note=""):
    if signature is None:
        signature = (sign_v1(secret, body.encode()) if version == "v1"
                     else sign_v2(secret, method, uri, body.encode()))
    vectors.append({
        "name": name,
        "note": note,
        "secret": verify_secret,
        "method": method,
        "uri": received_uri or uri,
        "body": received_body if received_body is not None else body,
        "headers": {"X-HubSpot-Signature": signature, "X-HubSpot-Signature-Version": version},
        "now_ms": NOW_MS,
        "expect": expect,
    })


# v3
v3("v3 webhook POST", "ok:v3")
v3("v3 tampered body", "mismatch", received_body=BODY.replace("1001", "1002"))
v3("v3 wrong secret", "mismatch", verify_secret=OTHER_SECRET)
v3("v3 stale timestamp (5 min + 1 ms)", "expired", ts=NOW_MS - 300_001)
v3("v3 exactly 5 min old", "ok:v3", ts=NOW_MS - 300_000)
v3("v3 timestamp 10 s in the future (clock skew)", "ok:v3", ts=NOW_MS + 10_000)
v3("v3 timestamp 31 s in the future", "in_future", ts=NOW_MS + 31_000)
v3("v3 timestamp changed after signing", "mismatch", received_ts=NOW_MS - 1_000)
v3("v3 timestamp not a number", "invalid_timestamp", received_ts="soon")
v3("v3 method changed", "mismatch", received_method="PUT")
v3("v3 URI with query string", "ok:v3", uri=WEBHOOK + "?portalId=62515&userId=1001")
v3("v3 query string changed", "mismatch", uri=WEBHOOK + "?portalId=62515&userId=1001",
   received_uri=WEBHOOK + "?portalId=62515&userId=1002")
v3("v3 URI with encoded characters", "ok:v3",
   uri="https://example.com/hubspot/channel-connection?email=jane%40example.com"
       "&redirect=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&list=a%2Cb%3Bc%21%24%27%28%29%2A"
       "&q=a%20b%26c%3Dd%25",
   note="decoded for signing: %40 %3A %2F %3F %2C %3B %21 %24 %27 %28 %29 %2A; kept: %3D %20 %26 %25")
v3("v3 URI with lowercase encoded characters", "ok:v3",
   uri="https://example.com/hubspot/channel-connection?redirect=https%3a%2f%2fapp.example.com")
v3("v3 encoded percent sign is decoded only once", "ok:v3",
   uri="https://example.com/hubspot/channel-connection?v=%253A",
   note="%25 is not in the table: %253A stays %253A")
v3("v3 signed without decoding the URI", "mismatch",
   uri="https://example.com/hubspot/channel-connection?email=jane%40example.com", decode=False,
   note="a signer that skips the decoding step does not verify")
v3("v3 non-ASCII body", "ok:v3", body='{"friendlyName":"Réception ☎ 📞","userId":1001}')
v3("v3 empty body GET", "ok:v3", method="GET", body="")
v3("v3 signature not base64", "malformed", signature="not base64!")
v3("v3 signature of another request", "mismatch",
   signature=sign_v3(SECRET, "POST", WEBHOOK, b"{}", str(NOW_MS)))

# v2
legacy("v2", "v2 docs GET example", "ok:v2", method="GET", uri=DOCS_V2_URI, body="",
       note="HubSpot docs: hash eee2ddd...200e")
legacy("v2", "v2 webhook POST", "ok:v2")
legacy("v2", "v2 URI with query string", "ok:v2", uri=WEBHOOK + "?portalId=62515")
legacy("v2", "v2 tampered body", "mismatch", received_body=BODY.replace("1001", "1002"))
legacy("v2", "v2 wrong secret", "mismatch", verify_secret=OTHER_SECRET)
legacy("v2", "v2 URI changed", "mismatch", received_uri=WEBHOOK + "?x=1")
legacy("v2", "v2 signature in uppercase hex", "ok:v2",
       signature=sign_v2(SECRET, "POST", WEBHOOK, BODY.encode()).upper())
legacy("v2", "v2 signature too short", "malformed", signature="abcd")

# v1
legacy("v1", "v1 docs example", "ok:v1", body=DOCS_V1_BODY, note="HubSpot docs: hash 232db26...17de")
legacy("v1", "v1 webhook POST", "ok:v1")
legacy("v1", "v1 tampered body", "mismatch", received_body=BODY + " ")
legacy("v1", "v1 wrong secret", "mismatch", verify_secret=OTHER_SECRET)

# headers
vectors.append({
    "name": "no signature headers", "note": "", "secret": SECRET, "method": "POST",
    "uri": WEBHOOK, "body": BODY, "headers": {}, "now_ms": NOW_MS, "expect": "missing",
})
vectors.append({
    "name": "v3 signature without timestamp", "note": "", "secret": SECRET, "method": "POST",
    "uri": WEBHOOK, "body": BODY,
    "headers": {"X-HubSpot-Signature-v3": sign_v3(SECRET, "POST", WEBHOOK, BODY.encode(), str(NOW_MS))},
    "now_ms": NOW_MS, "expect": "missing_timestamp",
})

out = {
    "generator": "scripts/signature_vectors.py (Python hashlib/hmac/base64)",
    "docs_examples": {
        "v1": {"secret": SECRET, "body": DOCS_V1_BODY, "signature": DOCS_V1_SIGNATURE},
        "v2": {"secret": SECRET, "method": "GET", "uri": DOCS_V2_URI, "body": "",
               "signature": DOCS_V2_SIGNATURE},
    },
    "vectors": vectors,
}
path = Path(__file__).resolve().parent.parent / "tests" / "data" / "signature_vectors.json"
path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {len(vectors)} vectors to {path}")
