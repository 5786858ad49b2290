"""A scan spread over a Dask cluster (``linkaudit scan --cluster local:4`` or
``--cluster tcp://scheduler:8786``; the ``distributed`` extra).

The driver (this process) expands the inputs and submits the stages (`linkaudit.pipeline`) as
tasks: extract tasks over chunks of documents (their facts stay on the workers; only each
chunk's check plan comes back), check tasks over partitions of the merged plan by registered
domain (`linkaudit.net.owners`: a host is only ever fetched by one worker at a time, redirects
across partitions handed back and taken on in later rounds), and judge tasks per chunk, whose
results come back in input order. Check tasks open the shared result store themselves from its
description, so a run killed at any point, started again, fetches nothing already stored.

Modules: ``spec`` (what --cluster names), ``session`` (start or connect), ``checks`` (the
check stage in rounds), ``driver`` (the whole scan).
"""
