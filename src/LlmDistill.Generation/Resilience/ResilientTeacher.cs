using LlmDistill.Generation.Teachers;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace LlmDistill.Generation.Resilience;

/// <summary>
/// Runs a teacher through one Polly pipeline, outermost first: total timeout → retry (408/429/5xx,
/// time-outs; the delay is the server's Retry-After when it sends one, else jittered exponential
/// backoff) → circuit breaker → rate limiter → per-attempt timeout. What still fails comes out as a
/// <see cref="TeacherException"/> whose reason becomes the row's <c>failed:REASON</c>.
/// </summary>
public sealed class ResilientTeacher : ITeacher
{
    private static readonly ResiliencePropertyKey<int> EstimatedTokens = new("llm-distill.estimated-tokens");

    private readonly ITeacher _inner;
    private readonly TeacherRateLimiter _limiter;
    private readonly ResiliencePipeline<TeacherResponse> _pipeline;

    public ResilientTeacher(ITeacher inner, ResilienceOptions options, ResilienceStats? stats = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _inner = inner;
        Stats = stats ?? new ResilienceStats();
        _limiter = new TeacherRateLimiter(options.RequestsPerMinute, options.TokensPerMinute);

        var builder = new ResiliencePipelineBuilder<TeacherResponse> { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<TeacherResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, options)),
                OnRetry = args =>
                {
                    Stats.Retry(ServerDelay(args.Outcome.Exception, options));
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<TeacherResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = _ =>
                {
                    Stats.Opened();
                    return ValueTask.CompletedTask;
                },
            });
        if (_limiter.IsEnabled)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => _limiter.AcquireAsync(
                    args.Context.Properties.GetValue(EstimatedTokens, 1), args.Context.CancellationToken),
            });
        }
        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    public string Name => _inner.Name;

    public ResilienceStats Stats { get; }

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EstimatedTokens, request.EstimatedTokens);
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, state) =>
            {
                state.Stats.Attempt();
                return await state._inner.CompleteAsync(request, ctx.CancellationToken);
            }, context, this);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TeacherException("timeout", $"{Name}: no answer within {e.Timeout.TotalSeconds:0.#} s", isTransient: true, inner: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new TeacherException("circuit_open", $"{Name}: too many failures, circuit open", isTransient: true, inner: e);
        }
        catch (RateLimiterRejectedException e)
        {
            throw new TeacherException("rate_limited", $"{Name}: local rate limit rejected the request", isTransient: true, inner: e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private static bool IsTransient(Exception? e) => e switch
    {
        TeacherException t => t.IsTransient,
        TimeoutRejectedException or BrokenCircuitException or HttpRequestException => true,
        _ => false,
    };

    private static TimeSpan? ServerDelay(Exception? e, ResilienceOptions options) => e switch
    {
        TeacherException { RetryAfter: { } wait } => wait < options.MaxRetryAfter ? wait : options.MaxRetryAfter,
        BrokenCircuitException { RetryAfter: { } wait } => wait,
        _ => null,
    };
}
