#!/bin/bash
#SBATCH --job-name=simdict-shards
#SBATCH --array=0-15
#SBATCH --cpus-per-task=8
#SBATCH --mem=16G
#SBATCH --output=logs/shard-%a.log
# One task per shard; the shard comes from the array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT).
# A task that fails or is preempted can be requeued: it continues from its checkpoint.
srun simdict dict /shared/models/GoogleNews-vectors-negative300.bin \
  --shard env --out /shared/parts/part-{i}.part --topn 15 --threads "$SLURM_CPUS_PER_TASK"
