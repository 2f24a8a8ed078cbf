/**
 * A stateful local AWS endpoint for tests, the demo and the benchmark: {@link
 * org.imagerelease.localcloud.aws.LocalAws}. No AWS emulator can be installed where this project
 * is built, so this one speaks the wire protocols of the published API models (botocore
 * {@code ebs/2019-11-02}, {@code ec2/2016-11-15}, {@code ssm/2014-11-06},
 * {@code sts/2011-06-15} {@code service-2.json}) and any client with an endpoint URL works
 * against it: the AWS SDKs, boto3, the AWS CLI with {@code --endpoint-url}.
 *
 * <p>What it serves, per region (the region of the request's SigV4 credential scope):
 *
 * <ul>
 *   <li>EBS direct APIs: StartSnapshot (ClientToken, Timeout, VolumeSize, ParentSnapshotId),
 *       PutSnapshotBlock (SHA-256 of every block, 1000 puts/s per snapshot), CompleteSnapshot
 *       (ChangedBlocksCount and the LINEAR aggregate), ListSnapshotBlocks, GetSnapshotBlock,
 *       ListChangedBlocks.
 *   <li>EC2: DescribeSnapshots, DeleteSnapshot, Modify/DescribeSnapshotAttribute, CreateTags,
 *       DeleteTags, DescribeTags, RegisterImage, DescribeImages, DeregisterImage, CopyImage,
 *       Modify/DescribeImageAttribute, Enable/DisableImageDeprecation,
 *       Get/Enable/DisableImageBlockPublicAccess(State), RunInstances, DescribeInstances,
 *       DescribeInstanceStatus, GetConsoleOutput, TerminateInstances.
 *   <li>SSM: PutParameter (aws:ec2:image validated after the answer, as AWS does), GetParameter,
 *       GetParameters, GetParameterHistory, DeleteParameter(s), DescribeParameters.
 *   <li>STS: GetCallerIdentity.
 * </ul>
 *
 * <p>Where AWS's behaviour is not documented precisely enough to copy, the choice made is
 * written where it is made (e.g. a wrong LINEAR aggregate is refused by CompleteSnapshot with
 * {@code ValidationException}, and the snapshot stays open for a corrected completion).
 */
package org.imagerelease.localcloud.aws;
