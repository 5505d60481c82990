namespace IvrService.Media.Dtmf.Internal;

/// <summary>The outcome of one block's analysis: a key, or the first check it failed.</summary>
internal enum BlockVerdict
{
    Quiet,
    NoPeaks,
    Unsteady,
    OffFrequency,
    Twist,
    EnergyElsewhere,
    Harmonic,
    Key,
}
