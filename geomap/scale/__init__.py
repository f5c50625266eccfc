"""The scale stage: running the pipeline over many rows or documents and writing results.

:mod:`~geomap.scale.batch` geocodes and reverse-geocodes tables (DataFrames and
CSV files streamed in chunks, resumable), :mod:`~geomap.scale.corpus` extracts
incidents from whole corpora on a process pool, :mod:`~geomap.scale.distributed`
does the same on a Dask cluster, :mod:`~geomap.scale.export` turns extractions
into GeoJSON, ACLED-style CSV or a GeoDataFrame, and :mod:`~geomap.scale.files`
is the one atomic file writer they all use. Nothing is imported here, so that
``import geomap`` does not pay for pandas or Dask; import from the modules.
"""
