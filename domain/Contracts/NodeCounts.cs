namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Per-node live counts: accounts that reached the node, are at it now, and left it; and the same for people
/// where the node acts on people. Kept in each batch orchestration's custom status and summed for the run.
/// </summary>
public sealed record NodeCounts
{
    public int Reached { get; set; }

    public int Current { get; set; }

    public int Left { get; set; }

    public int PeopleAffected { get; set; }

    public int PeopleSkipped { get; set; }

    public void Add(NodeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Reached += other.Reached;
        Current += other.Current;
        Left += other.Left;
        PeopleAffected += other.PeopleAffected;
        PeopleSkipped += other.PeopleSkipped;
    }
}
