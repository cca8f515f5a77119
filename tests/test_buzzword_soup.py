"""Buzzword soup in sentences is keyword stuffing (issue 13, *Relevance*: "keyword stuffing
without a story or reasoning scores low"; a second blind trial's t06, g06 and s06).

keyword_stuffing read only bare keyword lists (under 15% function words). Names strung into
sentences ("To prevent it you leverage best practices like synchronization primitives,
thread-safe design, atomic operations...") pass that check, though nothing ties them together.
Strong design answers name as many technologies, so the signal is names without reasoning,
definitions, steps or figures between them (rubric 2026.12.45). Written here in our own
words; the trial's answers are regressions.
"""

from __future__ import annotations

import pytest

from icraft.rubric import lint_answer

SOUP = [
    ("technical", "What is eventual consistency?",
     "Eventual consistency is a key paradigm in modern distributed systems, microservices and cloud-native "
     "architectures. You leverage replication, caching, sharding, event streaming and CQRS alongside best "
     "practices like idempotency, observability and monitoring, with Kafka, Cassandra and DynamoDB, to ensure "
     "high availability, robustness and scalability at enterprise scale."),
    ("general", "What are your greatest strengths?",
     "My greatest strengths are that I'm a passionate, detail-oriented, results-driven engineer and a natural "
     "team player with excellent communication skills and a growth mindset. I have deep expertise in Python, "
     "Go, Rust, React, AWS, GCP, Terraform and Kubernetes, and I thrive in fast-paced, agile environments "
     "where I can add value, drive innovation and deliver high-impact, best-in-class solutions."),
    ("system-design", "Design a ride-sharing service like Uber.",
     "I'd go with a cloud-native microservices architecture on Kubernetes with Docker containers. The data "
     "layer would be Postgres plus MongoDB, with Redis caching and Elasticsearch for search. Kafka and "
     "RabbitMQ for messaging, gRPC and GraphQL for the APIs. A load balancer, an API gateway and a CDN in "
     "front, sharding and replication for high availability, machine learning for matching, and Prometheus "
     "and Grafana for monitoring."),
    ("coding-discussion", "How would you make this cache thread-safe?",
     "I'd make it thread-safe with proper synchronization primitives: mutexes, read-write locks, semaphores, "
     "atomic operations and lock-free data structures, following concurrency best practices and "
     "industry-standard thread-safe design to ensure robustness, scalability and high availability."),
]

# Strong answers that name as many technologies, tied together by reasons, steps and figures.
REASONED = [
    ("system-design", "Design a ride-sharing service like Uber.",
     "First I'd pin down scale: say 1 million rides a day and 500,000 drivers sending a location every 4 "
     "seconds, so about 125,000 writes a second. Those locations go to Redis with a geo index because we only "
     "need the latest one and it must be read in milliseconds; Postgres holds trips and payments, which need "
     "transactions. Matching reads nearby drivers from Redis, and if a driver declines we offer the next one. "
     "Kafka carries trip events to billing so a billing outage never blocks a ride. The cost is that Redis "
     "loses the last few seconds of positions on a crash, which is fine since drivers resend every 4 seconds."),
    ("technical", "What is eventual consistency?",
     "It means replicas may disagree for a while after a write, but if no new writes arrive they all converge "
     "to the same value. Cassandra with a write quorum of one is an example: the write returns as soon as one "
     "replica has it, so another replica can serve the old value for a few hundred milliseconds. That is fine "
     "for a like counter, but not for a bank balance, where I would read and write at quorum instead."),
    ("general", "Tell me about yourself.",
     "I'm a backend engineer with six years on payments, mostly Python, Go, Postgres and Kafka. At my last "
     "company I rebuilt our refund pipeline because refunds took three days: I moved it onto Kafka so each "
     "refund became an event, and it now settles in under an hour. I'm applying here because your payouts team "
     "has the same problem at ten times the volume."),
    ("coding-discussion", "How would you make this cache thread-safe?",
     "The simplest safe version puts one mutex around get and put, since both touch the hash map and the "
     "linked list together. That serializes every call, so if profiling shows contention I'd split the cache "
     "into 16 shards, each with its own lock, keyed by the hash of the key. I'd test it with 8 threads doing a "
     "million random gets and puts and then check the size never exceeds capacity."),
]


@pytest.mark.parametrize("qtype,question,answer", SOUP, ids=[s[0] for s in SOUP])
def test_names_with_nothing_tying_them_are_keyword_stuffing(qtype: str, question: str, answer: str) -> None:
    result = lint_answer(answer, question=question, question_type=qtype)
    found = {f.rule_id: f for f in result.findings}
    assert "keyword_stuffing" in found, sorted(found)
    finding = found["keyword_stuffing"]
    assert finding.detail["terms"] >= 12 and finding.detail["ties"] * 5 <= finding.detail["terms"], finding.detail
    assert all(s.word_end - s.word_start <= 20 for s in finding.spans)  # a brief quote, not the answer
    assert result.score.overall <= 40, (result.score, sorted(found))


@pytest.mark.parametrize("qtype,question,answer", REASONED, ids=[s[0] for s in REASONED])
def test_names_tied_by_reasons_and_figures_are_not(qtype: str, question: str, answer: str) -> None:
    result = lint_answer(answer, question=question, question_type=qtype)
    assert "keyword_stuffing" not in {f.rule_id for f in result.findings}


TRIAL = [
    ("technical", "What is a deadlock, and how would you prevent one?",
     "A deadlock is a critical concurrency issue in multithreaded, distributed systems involving mutexes, "
     "semaphores, locks and shared resources. To prevent it you leverage best practices like synchronization "
     "primitives, thread-safe design, atomic operations, lock-free data structures, concurrency control, and "
     "proper resource management. You can also use tools like thread dumps and monitoring to detect deadlocks "
     "and ensure scalability and robustness."),
    ("general", "Why should we hire you?",
     "You should hire me because I'm a passionate, results-driven full-stack engineer with a proven track "
     "record of delivering scalable, high-impact solutions. I bring strong leadership, excellent communication "
     "skills, and a growth mindset. I'm a team player who also works well independently, and I thrive in "
     "fast-paced, agile environments. I'm proficient in Java, Python, React, AWS, Docker, Kubernetes, "
     "microservices, CI/CD and machine learning. I'm a quick learner, detail-oriented, and I always go above "
     "and beyond to add value and drive innovation."),
    ("system-design", "Design Twitter.",
     "I'd use a microservices architecture deployed on Kubernetes for scalability. Each service would be "
     "containerized with Docker. For the data layer I'd use a mix of SQL and NoSQL, maybe Cassandra and "
     "Postgres, with Redis caching everywhere. Kafka for event streaming between services. I'd put everything "
     "behind a load balancer and an API gateway, use a CDN, and add sharding and replication for high "
     "availability. We could use machine learning for the timeline. And monitoring with Prometheus and "
     "Grafana. That would scale to millions of users."),
]


@pytest.mark.parametrize("qtype,question,answer", TRIAL, ids=["t06", "g06", "s06"])
def test_the_second_blind_trials_buzzword_answers(qtype: str, question: str, answer: str) -> None:
    """Second blind trial t06, g06, s06 (rubric 2026.12.44: 89, 44, 58; bands 5-22, 8-26, 8-26)."""
    result = lint_answer(answer, question=question, question_type=qtype)
    assert "keyword_stuffing" in {f.rule_id for f in result.findings}
    assert result.score.overall <= 35, result.score
