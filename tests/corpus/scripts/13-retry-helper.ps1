function Invoke-WithRetry
{
    <#
    .SYNOPSIS
        Runs a script block, retrying with exponential backoff on failure.
    .PARAMETER ScriptBlock
        The work to perform.
    .PARAMETER MaxAttempts
        Total attempts before giving up.
    .PARAMETER RetryOn
        Exception types that should be retried; others are rethrown at once.
    .EXAMPLE
        Invoke-WithRetry { Invoke-RestMethod https://api.internal/status } -MaxAttempts 5
    #>
    [CmdletBinding()]
    param
    (
        [Parameter(Mandatory, Position = 0)]
        [scriptblock]$ScriptBlock,

        [ValidateRange(1, 20)]
        [int]$MaxAttempts = 4,

        [ValidateRange(0.1, 60)]
        [double]$InitialDelaySeconds = 1.5,

        [type[]]$RetryOn = @([System.Net.Http.HttpRequestException], [System.TimeoutException], [System.IO.IOException]),

        [object[]]$ArgumentList = @()
    )

    $attempt = 0
    $delay = $InitialDelaySeconds

    do
    {
        $attempt++
        try
        {
            return & $ScriptBlock @ArgumentList
        }
        catch
        {
            $ex = $_.Exception
            $retryable = $false
            foreach ($t in $RetryOn)
            {
                if ($ex -is $t -or $ex.InnerException -is $t) { $retryable = $true; break }
            }

            if (-not $retryable -or $attempt -ge $MaxAttempts)
            {
                Write-Verbose "Giving up after $attempt attempt(s)"
                throw
            }

            $jitter = Get-Random -Minimum 0 -Maximum 500
            $sleepMs = [int]($delay * 1000) + $jitter
            Write-Warning ("Attempt {0}/{1} failed ({2}); retrying in {3} ms" -f $attempt, $MaxAttempts, $ex.GetType().Name, $sleepMs)
            Start-Sleep -Milliseconds $sleepMs
            $delay = [math]::Min($delay * 2, 30)
        }
    } while ($attempt -lt $MaxAttempts)
}

function Wait-Until
{
    param(
        [Parameter(Mandatory)][scriptblock]$Condition,
        [timespan]$Timeout = [timespan]::FromMinutes(2),
        [int]$PollSeconds = 5
    )
    $deadline = [datetime]::UtcNow + $Timeout
    do {
        if (& $Condition) { return $true }
        Start-Sleep -Seconds $PollSeconds
    } until ([datetime]::UtcNow -ge $deadline)
    return $false
}

# --- usage --------------------------------------------------------------

$status = Invoke-WithRetry -MaxAttempts 5 -ScriptBlock {
    Invoke-RestMethod -Uri 'https://status.internal.example/api/v1/health' -TimeoutSec 10
} -Verbose

$args2 = @('deploy-queue', 25)
$messages = Invoke-WithRetry -ArgumentList $args2 -ScriptBlock {
    param($queue, $count)
    & ./qtool receive --queue $queue --max $count --json | ConvertFrom-Json
}

$ready = Wait-Until -Timeout ([timespan]::FromSeconds(90)) -Condition {
    (Test-Connection -TargetName 'db01' -Count 1 -Quiet) -and ($status.state -eq 'green')
}

if (-not $ready) { throw 'Dependencies never became ready.' }
Write-Output "Processed $(@($messages).Count) message(s)"
