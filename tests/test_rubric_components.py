"""no_components reads an arrow between named boxes as an interface at a whiteboard's level
of detail: what writes to or reads from what, what a request goes through, what a worker
takes from a queue (issue 13, blind trial B.8: a six-box photo design, upload service, S3,
Postgres, queue, resize worker, CDN, got "no interfaces", -15)."""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer


def _components(answer: str, question: str = "Design the backend for this feature."):
    res = lint_answer(answer, question=question, question_type="system-design")
    return next((f for f in res.findings if f.rule_id == "no_components"), None)


WIRED = [
    "Orders go through a gateway to the order service, which writes each order to Postgres and publishes a message "
    "to Kafka. A billing worker consumes from Kafka and charges the card.",
    "The crawler service reads URLs from a queue, fetches each page and writes the HTML into S3. An indexer reads "
    "from S3 and builds the Elasticsearch index every hour.",
    "Clicks land on a load balancer and then on stateless app servers that read the long URL from Redis and fall "
    "back to Cassandra on a miss.",
    "Every upload is put on a queue; a transcoding worker takes it from the queue and the results are served "
    "through a CDN backed by object storage.",
]


UNWIRED = [
    "I'd have a web server, a database and a cache. The server handles the logic and the database keeps the data. "
    "I'd add a cache for speed and more servers when traffic grows.",
    "There is a frontend, a backend and a database. The backend does the processing and the frontend shows the "
    "results to users, and we can scale each part on its own.",
]


@pytest.mark.parametrize(("answer", "wired"), [(a, True) for a in WIRED] + [(a, False) for a in UNWIRED])
def test_components_joined_by_data_flow_have_interfaces_and_bare_boxes_do_not(answer: str, wired: bool) -> None:
    finding = _components(answer)
    assert (finding is None) if wired else (finding is not None and finding.detail["missing"] == ["interfaces"])


def test_the_trials_photo_design_has_its_interfaces() -> None:
    answer = ("Users upload photos through an upload service that stores the original in object storage like S3 and "
              "writes metadata to Postgres. A resize worker makes three sizes from a queue. Photos are served through "
              "a CDN. The trade-off is that resizing asynchronously means a user sees a placeholder for a second or two "
              "after upload, which I accept to keep upload latency low. I'm assuming 50 million users and about 2 "
              "megabytes per original, so roughly 100 terabytes of originals. If the resize worker fails, the message "
              "stays in the queue and is retried, and the CDN falls back to serving the original.")
    res = lint_answer(answer, question="Design a system to store and serve user profile photos.")
    assert res.findings == () or all(f.points == 0 for f in res.findings), [f.rule_id for f in res.findings]
