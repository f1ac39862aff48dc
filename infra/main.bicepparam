// Parameters of one deployment; see docs/deploy.md. Override any of them on the command line, e.g.
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam -p appName=jfprod
using 'main.bicep'

param appName = 'journeyfn'

param taskHubName = 'JourneyFunctions'

param journeyBatchSize = 500

param syncPageSize = 10000

param initialSyncSchedule = '0 */1 * * * *'

param maximumInstanceCount = 100

param instanceMemoryMB = 2048
