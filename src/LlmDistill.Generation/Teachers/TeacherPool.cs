namespace LlmDistill.Generation.Teachers;

/// <summary>
/// Several endpoints serving the same model, used as one teacher: each request goes to the endpoint with
/// the fewest requests in flight, and a request that fails transiently on one endpoint (after that
/// endpoint's own retries) is tried on the others before it fails. Give each member its own resilience
/// pipeline so that one endpoint's open circuit does not stop the rest.
/// </summary>
public sealed class TeacherPool : ITeacher
{
    private readonly ITeacher[] _members;
    private readonly int[] _inFlight;
    private readonly int[] _served;
    private int _next;

    public TeacherPool(IReadOnlyList<ITeacher> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
            throw new ArgumentException("a pool needs at least one teacher", nameof(members));
        _members = [.. members];
        _inFlight = new int[_members.Length];
        _served = new int[_members.Length];
        Name = _members[0].Name;
    }

    /// <summary>The first member's name: members serve one model, and the name is the model's.</summary>
    public string Name { get; }

    /// <summary>Requests each member has completed successfully, in member order.</summary>
    public IReadOnlyList<int> Served => [.. _served];

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var tried = new bool[_members.Length];
        TeacherException? last = null;
        for (var attempt = 0; attempt < _members.Length; attempt++)
        {
            var i = Pick(tried);
            tried[i] = true;
            Interlocked.Increment(ref _inFlight[i]);
            try
            {
                var response = await _members[i].CompleteAsync(request, cancellationToken);
                Interlocked.Increment(ref _served[i]);
                return response;
            }
            catch (TeacherException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                last = e;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight[i]);
            }
        }
        throw last!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
            await member.DisposeAsync();
    }

    // Least in flight among the untried; ties rotate so that an idle pool still spreads its load.
    private int Pick(bool[] tried)
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_members.Length);
        var best = -1;
        for (var k = 0; k < _members.Length; k++)
        {
            var i = (start + k) % _members.Length;
            if (!tried[i] && (best < 0 || Volatile.Read(ref _inFlight[i]) < Volatile.Read(ref _inFlight[best])))
                best = i;
        }
        return best;
    }
}
