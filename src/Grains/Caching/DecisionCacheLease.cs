using Microsoft.Extensions.Options;

namespace Entitlements.Grains.Caching;

/// <summary>
/// Keeps the silo's <see cref="DecisionCache"/> registered with the <see cref="IInvalidationHubGrain"/>: registers
/// once the silo is active, renews the lease every third of its duration, and unregisters on an orderly stop.
/// When renewals fail the lease simply runs out and checks read through the grains.
/// </summary>
internal sealed partial class DecisionCacheLease(
    DecisionCache cache,
    IGrainFactory grains,
    IOptions<DecisionCacheOptions> options,
    TimeProvider time,
    ILogger<DecisionCacheLease> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private ICacheObserver? _observer;
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DecisionCacheLease), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // The runtime holds observers weakly: this field keeps the reference alive for the silo's lifetime.
        _observer = grains.CreateObjectReference<ICacheObserver>(cache);
        await RenewAsync();
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(false);
        cache.RevokeLease();
        try
        {
            await grains.GetInvalidationHub().UnregisterAsync(cache.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The hub forgets this cache anyway once its lease has run out.
            LogUnregisterFailed(logger, exception, cache.Id);
        }

        if (_observer is not null)
        {
            grains.DeleteObjectReference<ICacheObserver>(_observer);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var delay = await RenewAsync() ? options.Value.LeaseDuration / 3 : RetryDelay;
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> RenewAsync()
    {
        var sentAt = time.GetTimestamp();
        try
        {
            var lease = await grains.GetInvalidationHub().RegisterAsync(cache.Id, _observer!).ConfigureAwait(false);
            cache.ApplyLease(lease, sentAt);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRenewFailed(logger, exception, cache.Id);
            return false;
        }
    }
}
