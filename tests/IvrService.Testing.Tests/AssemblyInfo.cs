// Peers are real processes on a 2-core machine: two tests at a time keep their timing sane.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
