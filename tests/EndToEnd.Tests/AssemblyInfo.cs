// The end-to-end tests share one Azurite and its queues: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
