// The browser tests share one local host and its sample data: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
