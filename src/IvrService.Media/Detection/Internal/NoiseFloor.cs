namespace IvrService.Media.Detection.Internal;

/// <summary>
/// The line's background level by minimum statistics: the quietest frame level over a sliding window. Speech has quiet
/// moments between syllables and words, so within a second or two the minimum falls to the background; a steady noise
/// is its own minimum, so the floor rises to it as soon as the quieter past leaves the window. A fixed ring, no allocation
/// per frame.
/// </summary>
internal sealed class NoiseFloor
{
    private readonly double[] _levels;
    private int _next;
    private int _count;

    public NoiseFloor(int windowFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        _levels = new double[windowFrames];
    }

    /// <summary>The current floor in dBFS (<see cref="FrameLevel.SilenceDbfs"/> before any frame).</summary>
    public double Dbfs { get; private set; } = FrameLevel.SilenceDbfs;

    /// <summary>Adds one frame's level and returns the floor including it.</summary>
    public double Add(double levelDbfs)
    {
        _levels[_next] = levelDbfs;
        _next = (_next + 1) % _levels.Length;
        _count = Math.Min(_count + 1, _levels.Length);
        var floor = double.MaxValue;
        for (var i = 0; i < _count; i++)
        {
            floor = Math.Min(floor, _levels[i]);
        }

        Dbfs = floor;
        return floor;
    }
}
